package mptcpanalyzer.capture;

import java.io.IOException;

/** A file that cannot be read as a capture at all. The message is one line for the user. */
public final class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) { super(message); }

    public CaptureException(String message, Throwable cause) { super(message, cause); }
}
