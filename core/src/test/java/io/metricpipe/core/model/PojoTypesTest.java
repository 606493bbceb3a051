package io.metricpipe.core.model;

import io.metricpipe.core.aggregate.RollupAccumulator;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * Every record type that crosses operators or lives in state is a Flink POJO, no Kryo; {@link
 * ResourceSamples} and {@link WindowResult} have their own serializers ({@link
 * ResourceSamplesSerializerTest}, {@link WindowResultSerializerTest}).
 */
class PojoTypesTest {
    @Test
    void recordsAreSerializedAsPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DecodedRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RollupAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ResourceRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AlertEvaluation.class);
    }
}
