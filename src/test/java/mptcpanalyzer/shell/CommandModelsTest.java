package mptcpanalyzer.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@link CommandRunner} builds a command's picocli model when the command is first used; what a
 * user sees must not depend on which commands ran before: help lists every command in
 * {@link Commands#ALL} order, settings reach late commands, unknown names get suggestions.
 */
class CommandModelsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandRunner runner() throws Exception {
        Session s = new Session(new PrintWriter(out, true), new PrintWriter(err, true), false);
        s.load(Path.of("testdata", "demo.pcap"));
        return new CommandRunner(s);
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Class<?> c : Commands.ALL) names.add(c.getAnnotation(Command.class).name());
        return names;
    }

    @Test
    void helpListsEveryCommandInOrderWhateverRanBefore() throws Exception {
        CommandRunner fresh = runner();
        assertTrue(fresh.run("help"));
        String expected = out.toString();
        out.getBuffer().setLength(0);

        CommandRunner used = runner();
        assertTrue(used.run("dupcheck --summary"));
        assertTrue(used.run("connections --format csv"));
        out.getBuffer().setLength(0);
        assertTrue(used.run("help"));
        assertEquals(expected, out.toString());
        int at = -1;
        for (String name : names()) {
            int i = Math.max(expected.indexOf("\n  " + name + " "), expected.indexOf("\n  " + name + ","));
            assertTrue(i > at, name + " listed after the one before it");
            at = i;
        }
        assertEquals(names(), new ArrayList<>(used.commandLine().getSubcommands().keySet()).subList(0, names().size()));
    }

    @Test
    void aCommandFirstUsedLateGetsTheSameSettings() throws Exception {
        CommandRunner r = runner();
        assertTrue(r.run("info"));
        // case-insensitive enum values and the Path converter are set on the root at start
        assertTrue(r.run("connections --format CSV"));
        assertTrue(out.toString().contains("id,version,client"), out.toString());
        assertFalse(r.run("export"));
        assertTrue(err.toString().contains("export"), err.toString());
    }

    @Test
    void anUnknownNameIsStillSuggestedAgainst() throws Exception {
        CommandRunner r = runner();
        assertTrue(r.run("connections"));
        assertFalse(r.run("dupchek"));
        assertTrue(err.toString().contains("did you mean 'dupcheck'?"), err.toString());
    }

    @Test
    void completionSeesEveryCommandAndAliasAfterSomeWereUsed() throws Exception {
        CommandRunner r = runner();
        assertTrue(r.run("connections"));
        CommandLine all = r.commandLine(); // what the shell's completer is built from
        assertEquals(names().size() + 1, all.getSubcommands().size(), "the commands and the alias quit");
        assertTrue(all.getSubcommands().containsKey("quit"));
    }
}
