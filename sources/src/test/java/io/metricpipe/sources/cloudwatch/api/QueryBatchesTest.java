package io.metricpipe.sources.cloudwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryBatchesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 499, 500, 501, 1000, 1200, 1501})
    void atMost500QueriesPerRequestAndEveryQueryOnce(int n) {
        List<Integer> queries = IntStream.range(0, n).boxed().collect(Collectors.toList());
        List<List<Integer>> batches = QueryBatches.of(queries, 500);

        assertThat(batches).hasSize((n + 499) / 500);
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 500));
        List<Integer> flattened = new ArrayList<>();
        batches.forEach(flattened::addAll);
        assertThat(flattened).isEqualTo(queries);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 501})
    void refusesBatchSizesTheApiDoesNot(int size) {
        assertThatThrownBy(() -> QueryBatches.of(List.of(1), size))
                .hasMessageContaining("between 1 and 500");
    }
}
