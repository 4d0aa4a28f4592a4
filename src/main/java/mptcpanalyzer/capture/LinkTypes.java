package mptcpanalyzer.capture;

/** STUB: replaced by the capture branch. */
public final class LinkTypes {
    private LinkTypes() {}
    public static String name(int lt) { return "LINKTYPE_" + lt; }
}
