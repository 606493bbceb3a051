package io.metricpipe.sources.archive;

import io.metricpipe.core.config.Problems;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code archive}: replay collector events from files instead of the Kinesis stream, as a bounded
 * job that ends when the files do.
 */
public class ArchiveSection implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /**
     * Files or folders (read recursively) to replay: local paths, {@code file://} or {@code s3://}
     * URIs. Empty: the job reads the Kinesis stream, live.
     */
    public List<String> paths = new ArrayList<>();

    /** With dated folders ({@code YYYY/MM/DD/HH/}): read the hours from this ISO-8601 instant. */
    public String from = "";

    /** With dated folders: read the hours before this ISO-8601 instant. */
    public String to = "";

    /**
     * The {@code analytics-data} table of the old processor (or of compatibility mode) to replay,
     * in the {@code dynamodb} section's region and endpoint; empty for none.
     */
    public String table = "";

    /** Parallel Scan segments of {@link #table}: the splits the readers share. */
    public int segments = 4;

    public boolean enabled() {
        return !paths.isEmpty() || !table.isEmpty();
    }

    public void validate(Problems p) {
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).isBlank()) {
                p.add("archive.paths[" + i + "]", "must not be blank");
            }
        }
        if (!paths.isEmpty() && !table.isEmpty()) {
            p.add("archive.table", "replay either files (archive.paths) or a table, not both");
        }
        p.matches("archive.table", table, TABLE_NAME, "a table name");
        p.between("archive.segments", segments, 1, 1_000_000, "");
        p.instant("archive.from", from);
        p.instant("archive.to", to);
        try {
            if (!from.isEmpty()
                    && !to.isEmpty()
                    && !Instant.parse(from).isBefore(Instant.parse(to))) {
                p.add("archive.to", "must be after archive.from (" + from + "), got " + to);
            }
        } catch (java.time.format.DateTimeParseException e) {
            // named above
        }
    }
}
