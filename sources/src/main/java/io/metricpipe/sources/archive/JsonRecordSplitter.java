package io.metricpipe.sources.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts an archive's bytes into records: JSON objects one per line (JSONL), or concatenated with
 * nothing between them, as Kinesis Data Firehose writes them to S3. It only finds where each object
 * ends (braces outside strings); the decoder parses it. Records are one-line JSON, as agents send
 * them: a line break inside an object ends it as malformed. Whatever lies between objects other
 * than whitespace comes out as a malformed chunk up to the next line or record, so that one bad
 * line or half a record costs that much and no more.
 */
public final class JsonRecordSplitter {
    /**
     * One record or malformed chunk, and the offset of its first byte in the (decompressed) file.
     */
    public static final class Chunk {
        public final long offset;
        public final byte[] bytes;

        /** Why this is no record, or null for a complete object. */
        public final String problem;

        Chunk(long offset, byte[] bytes, String problem) {
            this.offset = offset;
            this.bytes = bytes;
            this.problem = problem;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private long offset;
    private int pushedBack = -1;

    /**
     * @param maxBytes bytes kept of one record; a longer one is cut there (the decoder then finds
     *     it oversized) and read to its end
     */
    public JsonRecordSplitter(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Bytes read so far. */
    public long offset() {
        return offset;
    }

    /**
     * @return the next chunk, or null at the end of the file
     * @throws IOException when the file cannot be read on (a truncated gzip, for one)
     */
    public Chunk next() throws IOException {
        int b = read();
        while (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            b = read();
        }
        if (b < 0) {
            return null;
        }
        long start = offset - 1;
        Bounded bytes = new Bounded(maxBytes);
        bytes.write(b);
        return b == '{' ? object(start, bytes) : malformed(start, bytes, b);
    }

    private Chunk object(long start, Bounded bytes) throws IOException {
        int depth = 1;
        boolean inString = false;
        boolean escaped = false;
        int previous = '{'; // the last byte outside strings that is not whitespace
        while (depth > 0) {
            int b = read();
            if (b < 0) {
                return new Chunk(
                        start,
                        bytes.toByteArray(),
                        "the file ends inside a record (a record split across two files?)");
            }
            if (b == '\n') {
                // Agents send one-line JSON, so a line break (raw, even inside a string, is no
                // JSON) ends a broken record here rather than swallowing the lines after it.
                return new Chunk(start, bytes.toByteArray(), "a line ends inside a record");
            }
            if (!inString && b == '{' && previous != ':' && previous != ',' && previous != '[') {
                // JSON opens an object only after ':', ',' or '[': this '{' starts the next
                // record of concatenated JSON, and the one before it is broken.
                pushedBack = b;
                offset--;
                return new Chunk(start, bytes.toByteArray(), "a record ends unfinished");
            }
            bytes.write(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                depth++;
            } else if (b == '}') {
                depth--;
            }
            if (!inString && b != ' ' && b != '\t' && b != '\r') {
                previous = b; // a closing quote too: a value ended
            }
        }
        return new Chunk(start, bytes.toByteArray(), null);
    }

    /**
     * Up to the end of the line, or to the next record of concatenated JSON: a '{' where JSON has
     * none (after anything but ':', ',' or '['; a '{' after those belongs to the broken record).
     */
    private Chunk malformed(long start, Bounded bytes, int first) throws IOException {
        int previous = first;
        for (int b = read(); b >= 0; b = read()) {
            if (b == '\n') {
                break;
            }
            if (b == '{' && previous != ':' && previous != ',' && previous != '[') {
                pushedBack = b;
                offset--;
                break;
            }
            bytes.write(b);
            if (b != ' ' && b != '\t' && b != '\r') {
                previous = b;
            }
        }
        return new Chunk(start, bytes.toByteArray(), "not one JSON object");
    }

    private int read() throws IOException {
        int b;
        if (pushedBack >= 0) {
            b = pushedBack;
            pushedBack = -1;
        } else {
            b = in.read();
        }
        if (b >= 0) {
            offset++;
        }
        return b;
    }

    /** Keeps the first {@code max + 1} bytes, enough to tell an oversized record. */
    private static final class Bounded extends ByteArrayOutputStream {
        private final int max;

        Bounded(int max) {
            super(Math.min(max + 1, 1024));
            this.max = max;
        }

        @Override
        public synchronized void write(int b) {
            if (count <= max) {
                super.write(b);
            }
        }
    }
}
