package io.metricpipe.jobs;

import io.metricpipe.core.model.DecodedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.source.SourceFunction;

/** Where the job's collector events come from: the Kinesis stream, live, or archive files. */
public interface CollectorEvents {
    DataStream<DecodedRecord> read(StreamExecutionEnvironment env);

    /** The Kinesis consumer, which decodes and sets per-shard watermarks itself. */
    static CollectorEvents kinesis(SourceFunction<DecodedRecord> source, String stream) {
        return env -> env.addSource(source, "kinesis " + stream).uid("kinesis-collector-events");
    }

    /**
     * Archive files, replayed as a bounded stream: event time from each record, the same bounded
     * out-of-orderness as a shard's. When the files end, every window fires.
     */
    static CollectorEvents archive(Source<DecodedRecord, ?, ?> source, Duration outOfOrderness) {
        WatermarkStrategy<DecodedRecord> eventTime =
                WatermarkStrategy.<DecodedRecord>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner(CollectorEvents::eventTime);
        return env -> env.fromSource(source, eventTime, "archive").uid("archive-collector-events");
    }

    /**
     * A table of events in no time order (a Scan): event time from each event and no watermark
     * until the table ends, when every window fires. Windows stay in state until then.
     */
    static CollectorEvents table(Source<DecodedRecord, ?, ?> source) {
        WatermarkStrategy<DecodedRecord> eventTime =
                WatermarkStrategy.<DecodedRecord>noWatermarks()
                        .withTimestampAssigner(CollectorEvents::eventTime);
        return env ->
                env.fromSource(source, eventTime, "analytics-data table")
                        .uid("analytics-table-collector-events");
    }

    /** A record's event time; a dead letter has none and keeps the previous timestamp. */
    private static long eventTime(DecodedRecord r, long previous) {
        return r.eventTime() == Long.MIN_VALUE ? previous : r.eventTime();
    }
}
