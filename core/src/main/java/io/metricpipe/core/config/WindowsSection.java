package io.metricpipe.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * {@code windows}: tumbling window sizes (the first is the base), allowed lateness, and whether the
 * derived RED and USE metrics are added.
 */
public class WindowsSection implements Serializable {
    private static final long serialVersionUID = 1L;

    public List<Duration> sizes = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));
    public Duration allowedLateness = Duration.ofMinutes(2);

    /** Add the RED and USE metrics to each window's result. */
    public boolean derivedMetrics = true;

    public void validate(Problems p) {
        p.notNegative("windows.allowedLateness", allowedLateness);
        if (sizes == null || sizes.isEmpty()) {
            p.add("windows.sizes", "at least one window size is required");
            return;
        }
        for (int i = 0; i < sizes.size(); i++) {
            Duration s = sizes.get(i);
            String key = "windows.sizes[" + i + "]";
            if (s == null || s.toMillis() <= 0) {
                p.add(key, "must be a positive duration");
            } else if (i > 0 && sizes.get(i - 1) != null && s.compareTo(sizes.get(i - 1)) <= 0) {
                p.add(key, "sizes must be listed in ascending order without repeats");
            } else if (i > 0 && s.toMillis() % sizes.get(0).toMillis() != 0) {
                p.add(
                        key,
                        s
                                + " is not a multiple of the base size "
                                + sizes.get(0)
                                + "; roll-ups are merged from base windows");
            } else if (86_400_000L % s.toMillis() != 0 && s.toMillis() % 86_400_000L != 0) {
                p.add(key, "must divide a day or be whole days, so windows align to the epoch");
            }
        }
    }
}
