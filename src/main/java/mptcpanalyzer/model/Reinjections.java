package mptcpanalyzer.model;

/**
 * Data sent on more than one subflow of a connection (reinjections), per packet. Packet indexes
 * are 0-based ({@code frame - 1}); frames returned are 1-based.
 */
public interface Reinjections {
    /** Earlier frames on other subflows that carried some of packet {@code i}'s bytes [mptcp.reinjection_of]. */
    int[] reinjectionOf(int i);

    /** Later frames on other subflows that carried some of packet {@code i}'s bytes again [mptcp.reinjected_in]. */
    int[] reinjectedIn(int i);

    /** Nothing known. */
    Reinjections NONE = new Reinjections() {
        @Override public int[] reinjectionOf(int i) { return new int[0]; }
        @Override public int[] reinjectedIn(int i) { return new int[0]; }
    };
}
