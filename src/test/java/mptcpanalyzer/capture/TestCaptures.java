package mptcpanalyzer.capture;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Locates the real captures under src/test/resources/capture/. */
final class TestCaptures {
    private TestCaptures() {}

    static Path resource(String name) {
        URL url = TestCaptures.class.getResource("/capture/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource capture/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
