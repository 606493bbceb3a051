package io.metricpipe.sources.rules;

import io.metricpipe.core.config.AlertsSection;
import io.metricpipe.core.model.RuleFileRead;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The alert rules file, watched: a local path, {@code file://} or {@code s3://} (any file system
 * Flink has), read every poll interval by one reader, each change emitted as a {@link
 * RuleFileRead}. Without a path it emits nothing, so the job's topology is the same with and
 * without a rules file (and a savepoint taken without one restores with one). Bounded (for a job
 * that ends), it reads the file once and ends.
 */
public final class RuleFileSource implements Source<RuleFileRead, RuleFileSplit, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long pollIntervalMs;
    private final boolean bounded;

    private RuleFileSource(String path, Duration pollInterval, boolean bounded) {
        this.path = path;
        this.pollIntervalMs = pollInterval.toMillis();
        this.bounded = bounded;
    }

    /** What reading the file calls: S3's GetObject for an {@code s3://} file. */
    public static Set<String> iamActions(AlertsSection alerts) {
        return alerts.rulesFile.startsWith("s3://") ? Set.of("s3:GetObject") : Set.of();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<RuleFileSplit, Boolean> createEnumerator(
            SplitEnumeratorContext<RuleFileSplit> context) {
        return new RuleFileEnumerator(context, path, bounded, false);
    }

    @Override
    public SplitEnumerator<RuleFileSplit, Boolean> restoreEnumerator(
            SplitEnumeratorContext<RuleFileSplit> context, Boolean assigned) {
        return new RuleFileEnumerator(context, path, bounded, assigned);
    }

    @Override
    public SimpleVersionedSerializer<RuleFileSplit> getSplitSerializer() {
        return new RuleFileSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new RuleFileSplit.AssignedSerializer();
    }

    @Override
    public SourceReader<RuleFileRead, RuleFileSplit> createReader(SourceReaderContext context) {
        return new RuleFileReader(pollIntervalMs, bounded);
    }

    /** Builds a {@link RuleFileSource}. */
    public static final class Builder {
        private String path = "";
        private Duration pollInterval = Duration.ofSeconds(10);
        private boolean bounded;

        private Builder() {}

        /** The file and interval of {@code alerts.rulesFile} and its poll interval. */
        public Builder configure(AlertsSection alerts) {
            return setPath(alerts.rulesFile).setPollInterval(alerts.rulesFilePollInterval);
        }

        /** The file to watch; empty for none. */
        public Builder setPath(String path) {
            this.path = path == null ? "" : path;
            return this;
        }

        public Builder setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * For a job that ends (an archive replay): the file is read once, at the start, and the
         * source ends, so it does not keep the job running.
         */
        public Builder setBounded(boolean bounded) {
            this.bounded = bounded;
            return this;
        }

        public RuleFileSource build() {
            return new RuleFileSource(path, pollInterval, bounded);
        }
    }
}
