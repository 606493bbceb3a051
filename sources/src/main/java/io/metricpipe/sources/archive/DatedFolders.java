package io.metricpipe.sources.archive;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.fs.Path;

/**
 * The dated folders Kinesis Data Firehose writes to ({@code YYYY/MM/DD/HH/}, UTC, by arrival time):
 * which of them a time range selects, and the latest arrival time of a file inside one.
 */
final class DatedFolders implements Predicate<Path>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] WIDTHS = {4, 2, 2, 2};

    private final long fromMs;
    private final long toMs;

    /** Selects the folders whose span overlaps [from, to); files outside dated folders always. */
    DatedFolders(long fromMs, long toMs) {
        this.fromMs = fromMs;
        this.toMs = toMs;
    }

    @Override
    public boolean test(Path path) {
        String name = path.getName();
        if (name.startsWith(".") || name.startsWith("_")) {
            return false; // hidden, or a writer's in-progress file
        }
        long[] span = span(components(path));
        return span == null || (span[0] < toMs && span[1] > fromMs);
    }

    /**
     * The end of the hour folder a file sits in (Firehose files it there on arrival), or {@code
     * otherwise} outside dated folders.
     */
    static long arrivalBound(Path file, long otherwise) {
        List<String> folders = components(file.getParent());
        long[] span = span(folders);
        return span != null && trailingDate(folders) == 4 ? span[1] : otherwise;
    }

    private static List<String> components(Path path) {
        List<String> names = new ArrayList<>();
        for (Path p = path; p != null && !p.getName().isEmpty(); p = p.getParent()) {
            names.add(0, p.getName());
        }
        return names;
    }

    /** How many of the last components form a date prefix: YYYY, YYYY/MM, ... YYYY/MM/DD/HH. */
    private static int trailingDate(List<String> names) {
        for (int n = Math.min(4, names.size()); n > 0; n--) {
            boolean dated = true;
            for (int i = 0; i < n && dated; i++) {
                String c = names.get(names.size() - n + i);
                dated = c.length() == WIDTHS[i] && c.chars().allMatch(Character::isDigit);
            }
            if (dated) {
                return n;
            }
        }
        return 0;
    }

    /** The [start, end) epoch ms of the trailing date components, or null without them. */
    private static long[] span(List<String> names) {
        int n = trailingDate(names);
        if (n == 0) {
            return null;
        }
        int[] parts = {0, 1, 1, 0};
        for (int i = 0; i < n; i++) {
            parts[i] = Integer.parseInt(names.get(names.size() - n + i));
        }
        if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23) {
            return null;
        }
        LocalDateTime start;
        try {
            start = LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], 0);
        } catch (java.time.DateTimeException e) {
            return null;
        }
        LocalDateTime end =
                n == 1
                        ? start.plusYears(1)
                        : n == 2
                                ? start.plusMonths(1)
                                : n == 3 ? start.plusDays(1) : start.plusHours(1);
        return new long[] {
            start.toInstant(ZoneOffset.UTC).toEpochMilli(),
            end.toInstant(ZoneOffset.UTC).toEpochMilli()
        };
    }
}
