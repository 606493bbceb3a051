package io.metricpipe.sources.archive;

import io.metricpipe.core.decode.DecoderSettings;
import io.metricpipe.core.decode.EventDecoder;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.DecodedRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads a collector-event archive file as {@link DecodedRecord}s, decoded as the Kinesis source
 * decodes: JSONL or Firehose's concatenated JSON, gzip-compressed when the name ends in {@code
 * .gz}. Every malformed line, half record or unreadable tail is a dead letter whose source names
 * the file and whose position is the byte offset (in the decompressed bytes). A file is one split,
 * read from its start; a restored reader skips the records it had emitted.
 */
public final class ArchiveFormat implements BulkFormat<DecodedRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final DecoderSettings settings;
    private final boolean keepRawJson;

    ArchiveFormat(DecoderSettings settings, boolean keepRawJson) {
        this.settings = settings;
        this.keepRawJson = keepRawJson;
    }

    /** A file's bytes, decompressed as its name says ({@code .gz} and the others Flink knows). */
    public static InputStream open(String name, InputStream raw) throws IOException {
        InflaterInputStreamFactory<?> inflater =
                StandardDeCompressors.getDecompressorForFileName(name);
        return new BufferedInputStream(inflater == null ? raw : inflater.create(raw), 1 << 16);
    }

    /** The source of a file's records and dead letters. */
    static String source(Path file) {
        return "archive:" + file;
    }

    @Override
    public Reader<DecodedRecord> createReader(Configuration config, FileSourceSplit split)
            throws IOException {
        return new FileReader(split, 0);
    }

    @Override
    public Reader<DecodedRecord> restoreReader(Configuration config, FileSourceSplit split)
            throws IOException {
        long emitted =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        return new FileReader(split, emitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<DecodedRecord> getProducedType() {
        return TypeInformation.of(DecodedRecord.class);
    }

    private final class FileReader implements Reader<DecodedRecord> {
        private final InputStream in;
        private final JsonRecordSplitter splitter;
        private final EventDecoder decoder = new EventDecoder(settings);
        private final String source;
        private final long arrivalTime;
        private long emitted;
        private boolean done;

        FileReader(FileSourceSplit split, long skip) throws IOException {
            Path file = split.path();
            this.in = open(file.getName(), file.getFileSystem().open(file));
            this.splitter = new JsonRecordSplitter(in, settings.maxRecordBytes());
            this.source = source(file);
            this.arrivalTime = DatedFolders.arrivalBound(file, split.fileModificationTime());
            for (; emitted < skip && !done; emitted++) {
                try {
                    done = splitter.next() == null;
                } catch (IOException e) {
                    done = true; // the unreadable tail's dead letter was emitted before
                }
            }
        }

        @Override
        public RecordIterator<DecodedRecord> readBatch() {
            if (done) {
                return null;
            }
            long before = emitted;
            List<DecodedRecord> batch = new ArrayList<>(BATCH);
            while (batch.size() < BATCH && !done) {
                long at = splitter.offset();
                try {
                    JsonRecordSplitter.Chunk chunk = splitter.next();
                    if (chunk == null) {
                        done = true;
                    } else {
                        batch.add(decode(chunk));
                    }
                } catch (IOException e) {
                    done = true;
                    batch.add(unreadable(at, e));
                }
            }
            emitted += batch.size();
            return batch.isEmpty()
                    ? null
                    : new IteratorResultIterator<>(
                            batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        private DecodedRecord decode(JsonRecordSplitter.Chunk chunk) {
            String position = Long.toString(chunk.offset);
            if (chunk.problem != null && chunk.bytes.length > 0 && chunk.bytes[0] == '{') {
                // An unfinished object: say where it ended. Anything else between objects goes
                // to the decoder, which names it as it would on the stream (not_object, ...).
                return DecodedRecord.of(
                        DeadLetter.of(
                                DeadLetterReason.NOT_JSON,
                                source,
                                position,
                                arrivalTime,
                                chunk.problem,
                                EventDecoder.printable(
                                        chunk.bytes, settings.deadLetterPayloadChars())));
            }
            return decoder.record(chunk.bytes, source, position, arrivalTime, keepRawJson);
        }

        private DecodedRecord unreadable(long at, IOException e) {
            return DecodedRecord.of(
                    DeadLetter.of(
                            DeadLetterReason.UNREADABLE,
                            source,
                            Long.toString(at),
                            arrivalTime,
                            "the file cannot be read on from here: " + e,
                            ""));
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
