package io.metricpipe.sources.archive;

import io.metricpipe.core.config.DecodingSection;
import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.model.DecodedRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.Preconditions;

/**
 * Collector events from archive files, through Flink's {@link FileSource}: bounded, one split per
 * file, files in path order (dated folders oldest first), each record decoded as the Kinesis source
 * decodes it ({@link ArchiveFormat}). Local paths, {@code file://} and {@code s3://} (with Flink's
 * S3 filesystem) all work.
 */
public final class ArchiveSource {
    private ArchiveSource() {}

    public static Builder builder() {
        return new Builder();
    }

    /** The IAM actions of reading archives from S3 (Flink's S3 filesystem lists and reads). */
    public static Set<String> iamActions(ArchiveSection archive) {
        boolean s3 = archive.paths.stream().anyMatch(p -> p.startsWith("s3://"));
        return s3 ? Set.of("s3:ListBucket", "s3:GetObject") : Set.of();
    }

    /** A builder preset from the validated config sections. */
    public static Builder fromConfig(ArchiveSection archive, DecodingSection decoding) {
        Builder b = builder().setDecoderSettings(decoding.decoderSettings());
        archive.paths.forEach(b::addPath);
        if (!archive.from.isEmpty()) {
            b.setFrom(Instant.parse(archive.from));
        }
        if (!archive.to.isEmpty()) {
            b.setTo(Instant.parse(archive.to));
        }
        return b;
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private long fromMs = Long.MIN_VALUE;
        private long toMs = Long.MAX_VALUE;
        private DecoderSettings decoderSettings = DecoderSettings.defaults();
        private boolean keepRawJson;

        public Builder addPath(String path) {
            paths.add(new Path(path));
            return this;
        }

        public Builder setFrom(Instant from) {
            this.fromMs = from.toEpochMilli();
            return this;
        }

        public Builder setTo(Instant to) {
            this.toMs = to.toEpochMilli();
            return this;
        }

        public Builder setDecoderSettings(DecoderSettings settings) {
            this.decoderSettings = settings;
            return this;
        }

        /** Also carry each good record's JSON text, for the compatibility writer. */
        public Builder setKeepRawJson(boolean keepRawJson) {
            this.keepRawJson = keepRawJson;
            return this;
        }

        public FileSource<DecodedRecord> build() {
            Preconditions.checkArgument(!paths.isEmpty(), "at least one archive path must be set");
            Preconditions.checkArgument(fromMs < toMs, "the time range is empty");
            DatedFolders folders = new DatedFolders(fromMs, toMs);
            return FileSource.forBulkFileFormat(
                            new ArchiveFormat(decoderSettings, keepRawJson),
                            paths.toArray(new Path[0]))
                    .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(folders))
                    .setSplitAssigner(OrderedSplitAssigner::new)
                    .build();
        }
    }
}
