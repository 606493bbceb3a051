package io.metricpipe.sinks.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.DeadLetter;
import io.metricpipe.core.model.WindowResult;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

/**
 * A sink's buffer restores what it held: from the state this code writes, and from the committed
 * state of the previous version (written before the buffer carried its records' serializer).
 */
class BufferedRecordSerializerTest {
    private static <T extends Serializable> List<T> records(BufferedRequestState<T> state) {
        return state.getBufferedRequestEntries().stream()
                .map(RequestEntryWrapper::getRequestEntry)
                .collect(Collectors.toList());
    }

    @Test
    void theBufferRoundTripsWithItsRecordsSerializer() throws IOException {
        BufferedRecordSerializer<WindowResult> windows =
                new BufferedRecordSerializer<>(WindowResult.class);
        byte[] bytes =
                windows.serialize(
                        BufferedRecordsFixture.state(BufferedRecordsFixture.windowResults()));
        assertThat(
                        records(
                                new BufferedRecordSerializer<>(WindowResult.class)
                                        .deserialize(windows.getVersion(), bytes)))
                .isEqualTo(BufferedRecordsFixture.windowResults());

        BufferedRecordSerializer<DeadLetter> deadLetters =
                new BufferedRecordSerializer<>(DeadLetter.class);
        List<DeadLetter> back =
                records(
                        deadLetters.deserialize(
                                deadLetters.getVersion(),
                                deadLetters.serialize(
                                        BufferedRecordsFixture.state(
                                                BufferedRecordsFixture.deadLetters()))));
        assertThat(back)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(BufferedRecordsFixture.deadLetters());
    }

    @Test
    void aBufferOfTheFirstVersionRestores() throws IOException {
        List<WindowResult> windows =
                records(
                        new BufferedRecordSerializer<>(WindowResult.class)
                                .deserialize(
                                        1,
                                        BufferedRecordsFixture.committed(
                                                "window-results-buffer-v1.bin")));
        assertThat(windows).isEqualTo(BufferedRecordsFixture.windowResults());
        List<DeadLetter> deadLetters =
                records(
                        new BufferedRecordSerializer<>(DeadLetter.class)
                                .deserialize(
                                        1,
                                        BufferedRecordsFixture.committed(
                                                "dead-letters-buffer-v1.bin")));
        assertThat(deadLetters)
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(BufferedRecordsFixture.deadLetters());
    }
}
