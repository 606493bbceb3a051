package io.metricpipe.core.model;

import java.io.Serializable;

/**
 * A good collector event as it arrived, for the {@code analytics-data} compatibility writer. Only
 * produced when that writer is enabled.
 */
public class RawEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Used as the item id when the event has no {@code id} of its own. */
    public String resourceKey;

    public long timestamp;
    public String json;

    public RawEvent() {}

    public static RawEvent of(String resourceKey, long timestamp, String json) {
        RawEvent e = new RawEvent();
        e.resourceKey = resourceKey;
        e.timestamp = timestamp;
        e.json = json;
        return e;
    }
}
