package io.metricpipe.sources.inventory.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.ResourceRecord;
import io.metricpipe.sources.aws.AwsAccess;
import io.metricpipe.sources.inventory.split.InventorySplit;
import io.metricpipe.sources.polling.PollingMetrics;
import io.metricpipe.sources.polling.TestClock;
import io.metricpipe.testing.aws.FakeResources;
import io.metricpipe.testing.aws.FakeResources.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory split reader against the loopback AWS, on a clock the test moves: one API call per
 * fetch, nothing called before it is due, a failed cycle skipped without losing what was known.
 */
class InventorySplitReaderTest {
    private static final long T0 = 1_763_856_000_000L;
    private static final long INTERVAL = 900_000;
    private static final String US = "us-east-1";

    private FakeResources fake;
    private TestClock clock;
    private PollingMetrics metrics;
    private InventorySplitReader reader;

    @BeforeEach
    void start() {
        fake = FakeResources.start();
        for (int i = 0; i < 5; i++) {
            fake.add(new Resource("ec2", US, "i-" + i, Map.of("team", "a")));
        }
        fake.pageSize(2);
        clock = new TestClock(T0);
        metrics =
                new PollingMetrics(
                        new UnregisteredMetricsGroup(), "inventory", "scope", (g, id) -> {});
        reader = reader(1_000);
    }

    private InventorySplitReader reader(double callsPerSecond) {
        InventorySplitReader r =
                new InventorySplitReader(
                        AwsAccess.builder()
                                .endpoint(fake.endpoint().toString())
                                .staticCredentials("test", "test")
                                .maxAttempts(1)
                                .build(),
                        INTERVAL,
                        callsPerSecond,
                        metrics,
                        new HashMap<>(),
                        clock);
        r.handleSplitsChanges(
                new SplitsAddition<>(
                        List.of(InventorySplit.initial(FakeResources.ACCOUNT, US, "ec2"))));
        return r;
    }

    @AfterEach
    void stop() {
        reader.close();
        fake.close();
    }

    /** Fetches until a refresh completes, counting the fetches; fails after 20. */
    private List<ResourceRecord> refresh(int[] fetches) {
        for (int i = 0; i < 20; i++) {
            fetches[0]++;
            RecordsWithSplitIds<RefreshedScope> batch = reader.fetch();
            String split = batch.nextSplit();
            if (split != null) {
                RefreshedScope refreshed = batch.nextRecordFromSplit();
                return new ArrayList<>(refreshed.records);
            }
        }
        throw new AssertionError("no refresh completed in 20 fetches");
    }

    @Test
    void eachFetchMakesOneCallAndNothingIsCalledBeforeItIsDue() {
        int[] fetches = {0};
        List<ResourceRecord> first = refresh(fetches);
        // 5 instances in pages of 2, then their tags in pages of 2: 6 calls, one per fetch.
        assertThat(first).hasSize(5);
        assertThat(fetches[0]).isEqualTo(6);
        assertThat(fake.faults().requests()).isEqualTo(6);

        clock.now += INTERVAL - 1;
        reader.wakeUp();
        assertThat(reader.fetch().nextSplit()).isNull();
        assertThat(fake.faults().requests()).isEqualTo(6);

        clock.now += 1;
        assertThat(refresh(fetches)).extracting(r -> r.arn).isEqualTo(arns(first));
        assertThat(fake.faults().requests()).isEqualTo(12);
    }

    @Test
    void aServerErrorSkipsTheCycleAndTheNextOneStartsAfresh() {
        List<ResourceRecord> first = refresh(new int[1]);
        clock.now += INTERVAL;
        fake.faults().serverErrors(true);
        assertThat(reader.fetch().nextSplit()).isNull();
        assertThat(metrics.scope(FakeResources.ACCOUNT + "/" + US + "/ec2").health)
                .isEqualTo(PollingMetrics.Health.DEGRADED);
        int requests = fake.faults().requests();
        reader.wakeUp();
        assertThat(reader.fetch().nextSplit()).as("backing off, no call").isNull();
        assertThat(fake.faults().requests()).isEqualTo(requests);

        fake.faults().serverErrors(false);
        fake.remove("i-0");
        clock.now += 10_000;
        List<ResourceRecord> second = refresh(new int[1]);
        // Answered pages: 3 of the first refresh, 2 of the 4 instances left.
        assertThat(fake.calls("DescribeInstances")).isEqualTo(3 + 2);
        assertThat(second).filteredOn(r -> !r.removed).hasSize(4);
        assertThat(second)
                .filteredOn(r -> r.removed)
                .extracting(r -> r.arn)
                .containsExactly(first.get(0).arn);
        assertThat(metrics.scope(FakeResources.ACCOUNT + "/" + US + "/ec2").health)
                .isEqualTo(PollingMetrics.Health.UP);
    }

    @Test
    void theBudgetOfAnApiPutsItsNextCallOffWithoutWaiting() {
        reader.close();
        reader = reader(1);
        reader.fetch();
        assertThat(fake.calls("DescribeInstances")).isEqualTo(1);
        reader.wakeUp();
        reader.fetch();
        assertThat(fake.calls("DescribeInstances")).as("no token left this second").isEqualTo(1);
        clock.now += 1_000;
        reader.fetch();
        assertThat(fake.calls("DescribeInstances")).isEqualTo(2);
    }

    private static List<String> arns(List<ResourceRecord> records) {
        List<String> arns = new ArrayList<>();
        records.forEach(r -> arns.add(r.arn));
        return arns;
    }
}
