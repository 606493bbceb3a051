package io.metricpipe.jobs.replay;

/** One archived record on its way to the stream: its bytes, partition key and event time. */
final class ArchivedEvent {
    final byte[] data;
    final String partitionKey;
    final long eventTime;

    /** Order of reading, so that events of one time keep their archive order. */
    final long sequence;

    ArchivedEvent(byte[] data, String partitionKey, long eventTime, long sequence) {
        this.data = data;
        this.partitionKey = partitionKey;
        this.eventTime = eventTime;
        this.sequence = sequence;
    }
}
