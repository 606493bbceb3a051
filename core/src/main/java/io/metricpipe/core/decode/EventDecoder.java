package io.metricpipe.core.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.DeadLetterReason;
import io.metricpipe.core.model.DecodedRecord;
import io.metricpipe.core.model.ResourceSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns one collector record (UTF-8 JSON) into {@link io.metricpipe.core.model.ResourceSamples}, or
 * into a {@link DeadLetter} naming why it could not. Never throws on bad input.
 *
 * <p>Checks, in order: size, UTF-8/JSON, object, {@code type}, {@code timestamp} (present, integral
 * epoch ms after 2000-01-01, not more than the configured skew after the record's arrival), the
 * identifying field, then the body. A bad field inside a good event is dropped and counted; an
 * event left with no samples at all is a dead letter.
 */
public final class EventDecoder {
    /** 2000-01-01T00:00:00Z. Anything earlier is almost always seconds sent as milliseconds. */
    static final long MIN_TIMESTAMP_MS = 946_684_800_000L;

    /** JSON nesting deeper than this is {@code too_deep}: DynamoDB stores at most 32 levels. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** A JSON string longer than this (in chars) is {@code string_too_long}. */
    public static final int MAX_STRING_CHARS = 64 * 1024;

    /** A JSON field name longer than this (in chars) is {@code name_too_long}. */
    public static final int MAX_NAME_CHARS = 1024;

    /** A JSON number longer than this (in chars) is {@code number_too_long}. */
    public static final int MAX_NUMBER_CHARS = 64;

    /**
     * Jackson's fast double parser (agent events are mostly decimal numbers), and explicit parser
     * limits, so that no input makes the parser recurse, allocate or compute without bound.
     */
    static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                    .maxStringLength(MAX_STRING_CHARS)
                                    .maxNameLength(MAX_NAME_CHARS)
                                    .maxNumberLength(MAX_NUMBER_CHARS)
                                    .build())
                    .build();

    /**
     * A field name twice in one object is {@code not_json}: which value an agent meant is
     * ambiguous, and readers disagree (first or last wins).
     */
    private static final ObjectReader READER =
            new ObjectMapper(JSON)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readerFor(JsonNode.class);

    private final DecoderSettings settings;
    private final Map<String, EventTypeDecoder> decoders = new HashMap<>();

    /** Null when every event takes the tree decoders (tests compare the two ways). */
    private final VmMetricsStreamDecoder vmMetrics;

    public EventDecoder(DecoderSettings settings) {
        this(settings, true);
    }

    EventDecoder(DecoderSettings settings, boolean streaming) {
        this(
                settings,
                streaming,
                new VmMetricsDecoder(),
                new WebappMetricsDecoder(),
                new VmStatsDecoder(),
                new AppEventDecoder(),
                new HttpRequestDecoder(),
                new MetricsBatchDecoder());
    }

    /** Tests add decoders of their own here. */
    EventDecoder(DecoderSettings settings, boolean streaming, EventTypeDecoder... types) {
        this.settings = settings;
        this.vmMetrics = streaming ? new VmMetricsStreamDecoder(JSON, settings) : null;
        for (EventTypeDecoder d : types) {
            decoders.put(d.type(), d);
        }
    }

    /**
     * {@link #decode} as the sources emit it: a record, carrying its JSON text too when {@code
     * keepRawJson} (for the compatibility writer) and the event is good.
     */
    public DecodedRecord record(
            byte[] payload, String source, String position, long arrivalTime, boolean keepRawJson) {
        DecodedRecord r = decode(payload, source, position, arrivalTime).toRecord();
        if (keepRawJson && r.samples != null) {
            r.rawJson = new String(payload, StandardCharsets.UTF_8);
        }
        return r;
    }

    /**
     * @param payload the record bytes
     * @param source what the record came from, e.g. {@code kinesis:events:shardId-000000000001}
     * @param position the record's position in {@code source}
     * @param arrivalTime epoch ms the record arrived; the reference for the future-skew check
     */
    public DecodeResult decode(byte[] payload, String source, String position, long arrivalTime) {
        try {
            return decodeOrThrow(payload, source, position, arrivalTime);
        } catch (RuntimeException | StackOverflowError e) {
            // No rule foresaw this input: it becomes a dead letter, never a failed job.
            return dead(
                    DeadLetterReason.DECODER_ERROR,
                    e.getClass().getName() + ": " + e.getMessage(),
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
    }

    private DecodeResult decodeOrThrow(
            byte[] payload, String source, String position, long arrivalTime) {
        if (payload.length > settings.maxRecordBytes()) {
            return dead(
                    DeadLetterReason.OVERSIZED,
                    "record is " + payload.length + " bytes, limit " + settings.maxRecordBytes(),
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
        if (vmMetrics != null) {
            ResourceSamples samples = vmMetrics.decode(payload, arrivalTime);
            if (samples != null) {
                samples.sourcePosition = position(source, position);
                return DecodeResult.ok(samples, null);
            }
        }
        JsonNode event;
        try {
            event = READER.readTree(payload);
        } catch (StreamConstraintsException e) {
            return dead(
                    exceededLimit(e),
                    firstLine(e.getOriginalMessage()),
                    payload,
                    source,
                    position,
                    arrivalTime);
        } catch (JsonProcessingException e) {
            boolean utf8 = Utf8.isValid(payload);
            return dead(
                    utf8 ? DeadLetterReason.NOT_JSON : DeadLetterReason.NOT_UTF8,
                    utf8 ? firstLine(e.getOriginalMessage()) : "record is not valid UTF-8",
                    payload,
                    source,
                    position,
                    arrivalTime);
        } catch (IOException e) {
            return dead(
                    DeadLetterReason.NOT_JSON,
                    e.getMessage(),
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
        if (event == null || event.isMissingNode()) {
            return dead(
                    DeadLetterReason.NOT_JSON,
                    "empty record",
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
        if (!event.isObject()) {
            return dead(
                    DeadLetterReason.NOT_OBJECT,
                    "top level is " + event.getNodeType() + ", not an object",
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
        JsonNode typeNode = event.get("type");
        EventTypeDecoder decoder =
                typeNode != null && typeNode.isTextual()
                        ? decoders.get(typeNode.textValue())
                        : null;
        if (decoder == null) {
            return dead(
                    DeadLetterReason.UNKNOWN_TYPE,
                    typeNode == null ? "missing 'type'" : "unknown type " + typeNode,
                    payload,
                    source,
                    position,
                    arrivalTime);
        }
        try {
            long timestamp = timestamp(event.get("timestamp"), arrivalTime);
            String key = decoder.resourceKey(event);
            SamplesBuilder out = new SamplesBuilder();
            decoder.decode(event, out);
            if (out.size() == 0) {
                DeadLetterReason why =
                        out.firstDrop() != null ? out.firstDrop() : DeadLetterReason.NO_METRICS;
                throw new BadEventException(why, "no usable metric in the event");
            }
            return DecodeResult.ok(
                    out.build(key, decoder.resourceType(), timestamp, position(source, position)),
                    out.dropped());
        } catch (BadEventException e) {
            return dead(e.reason(), e.getMessage(), payload, source, position, arrivalTime);
        }
    }

    /** Which parser limit an input broke, from the limit Jackson's message names. */
    static DeadLetterReason exceededLimit(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("getMaxNestingDepth")) {
            return DeadLetterReason.TOO_DEEP;
        }
        if (m.contains("getMaxNameLength")) {
            return DeadLetterReason.NAME_TOO_LONG;
        }
        if (m.contains("getMaxNumberLength")) {
            return DeadLetterReason.NUMBER_TOO_LONG;
        }
        if (m.contains("getMaxStringLength")) {
            return DeadLetterReason.STRING_TOO_LONG;
        }
        return DeadLetterReason.OVERSIZED;
    }

    private long timestamp(JsonNode node, long arrivalTime) throws BadEventException {
        if (node == null || node.isNull()) {
            throw new BadEventException(DeadLetterReason.MISSING_TIMESTAMP, "missing 'timestamp'");
        }
        if (!node.isNumber()) {
            throw new BadEventException(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    "'timestamp' must be epoch milliseconds, got " + node.getNodeType());
        }
        double t = node.doubleValue();
        if (!plausibleTimestamp(t)) {
            throw new BadEventException(
                    DeadLetterReason.INVALID_TIMESTAMP,
                    "'timestamp' " + node.asText() + " is not epoch milliseconds after 2000");
        }
        long ts = (long) Math.floor(t);
        if (ts > arrivalTime + settings.maxFutureSkewMs()) {
            throw new BadEventException(
                    DeadLetterReason.FUTURE_TIMESTAMP,
                    "'timestamp' is "
                            + (ts - arrivalTime)
                            + " ms after arrival, limit "
                            + settings.maxFutureSkewMs());
        }
        return ts;
    }

    /** Epoch milliseconds after 2000, far from overflowing a long. */
    static boolean plausibleTimestamp(double t) {
        return Double.isFinite(t) && t >= MIN_TIMESTAMP_MS && t <= Long.MAX_VALUE / 2.0;
    }

    private static String position(String source, String position) {
        return position == null ? source : source + "/" + position;
    }

    private DecodeResult dead(
            DeadLetterReason reason,
            String detail,
            byte[] payload,
            String source,
            String position,
            long arrivalTime) {
        return DecodeResult.dead(
                DeadLetter.of(
                        reason,
                        source,
                        position,
                        arrivalTime,
                        detail,
                        printable(payload, settings.deadLetterPayloadChars())));
    }

    /** The payload as text, or {@code base64:...} when it is not UTF-8; truncated to a limit. */
    public static String printable(byte[] payload, int maxChars) {
        String text =
                Utf8.isValid(payload)
                        ? new String(
                                payload,
                                0,
                                Math.min(payload.length, maxChars * 4),
                                StandardCharsets.UTF_8)
                        : "base64:"
                                + Base64.getEncoder()
                                        .encodeToString(
                                                java.util.Arrays.copyOf(
                                                        payload,
                                                        Math.min(
                                                                payload.length, maxChars * 3 / 4)));
        return text.length() <= maxChars ? text : text.substring(0, maxChars);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "not JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
