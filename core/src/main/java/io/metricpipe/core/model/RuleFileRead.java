package io.metricpipe.core.model;

import java.io.Serializable;

/**
 * One read of the alert rules file: its text, or why it could not be read. Emitted when either
 * differs from the read before. A POJO.
 */
public class RuleFileRead implements Serializable {
    private static final long serialVersionUID = 1L;

    public String path;

    /** When it was read, epoch ms. */
    public long readAt;

    /** The file's text; null when it could not be read. */
    public String content;

    /** Why it could not be read; null when it was. */
    public String error;

    public RuleFileRead() {}

    public static RuleFileRead of(String path, long readAt, String content, String error) {
        RuleFileRead r = new RuleFileRead();
        r.path = path;
        r.readAt = readAt;
        r.content = content;
        r.error = error;
        return r;
    }
}
