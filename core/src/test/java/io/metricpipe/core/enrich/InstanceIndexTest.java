package io.metricpipe.core.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.metricpipe.core.model.ResourceRecord;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InstanceIndexTest {
    private static final String A = "arn:aws:ec2:eu-west-1:123456789012:instance/i-aaa";
    private static final String B = "arn:aws:ec2:eu-west-1:123456789012:instance/i-bbb";

    private final InstanceIndex index = new InstanceIndex();

    static ResourceRecord instance(String arn, String ip, long at) {
        TreeMap<String, String> attributes = new TreeMap<>();
        attributes.put("instanceType", "t3.small");
        attributes.put("privateIpAddress", ip);
        attributes.put(
                "privateDnsName", "ip-" + ip.replace('.', '-') + ".eu-west-1.compute.internal");
        return ResourceRecord.of(
                arn,
                "ec2:instance",
                arn.substring(arn.lastIndexOf('/') + 1),
                "123456789012",
                "eu-west-1",
                attributes,
                new TreeMap<>(),
                at);
    }

    @Test
    void aHostMatchesByInstanceIdPrivateIpOrHostname() {
        index.observe(instance(A, "10.0.1.10", 1_000));

        assertThat(index.match("i-aaa", null, null, 2_000)).isEqualTo(A);
        assertThat(index.match(null, "10.0.1.10", null, 2_000)).isEqualTo(A);
        assertThat(index.match(null, null, "ip-10-0-1-10", 2_000)).isEqualTo(A);
        assertThat(index.match(null, null, "IP-10-0-1-10.eu-west-1.compute.internal", 2_000))
                .isEqualTo(A);
    }

    @Test
    void anUnmatchedHostIsLeftAlone() {
        index.observe(instance(A, "10.0.1.10", 1_000));

        assertThat(index.match(null, "10.0.9.9", "web-01", 2_000)).isNull();
        assertThat(index.match("not-an-instance-id", null, null, 2_000)).isNull();
    }

    @Test
    void anIpMovedToANewInstanceMatchesTheNewOneFromTheRefreshThatSawIt() {
        index.observe(instance(A, "10.0.1.10", 1_000));
        index.observe(ResourceRecord.removed(A, "123456789012", "eu-west-1", 5_000));
        index.observe(instance(B, "10.0.1.10", 5_000));

        assertThat(index.match(null, "10.0.1.10", null, 4_999)).isEqualTo(A);
        assertThat(index.match(null, "10.0.1.10", null, 5_000)).isEqualTo(B);
        assertThat(index.match(null, null, "ip-10-0-1-10", 9_000)).isEqualTo(B);
        // A window older than any refresh (a backfill) takes the first owner
        assertThat(index.match(null, "10.0.1.10", null, 10)).isEqualTo(A);
    }

    @Test
    void aRemovedInstanceOrAChangedIpNoLongerMatches() {
        index.observe(instance(A, "10.0.1.10", 1_000));
        index.observe(instance(A, "10.0.2.20", 3_000));

        assertThat(index.match(null, "10.0.1.10", null, 2_000)).isEqualTo(A);
        assertThat(index.match(null, "10.0.1.10", null, 3_000)).isNull();
        assertThat(index.match(null, "10.0.2.20", null, 3_000)).isEqualTo(A);

        index.observe(ResourceRecord.removed(A, "123456789012", "eu-west-1", 7_000));
        assertThat(index.match("i-aaa", "10.0.2.20", null, 7_000)).isNull();
        assertThat(index.match("i-aaa", null, null, 6_999)).isEqualTo(A);
    }

    @Test
    void pruningKeepsWhatHoldsAtTheHorizon() {
        index.observe(instance(A, "10.0.1.10", 1_000));
        index.observe(instance(A, "10.0.1.10", 2_000));
        index.observe(ResourceRecord.removed(A, "123456789012", "eu-west-1", 3_000));
        index.observe(instance(B, "10.0.1.10", 4_000));

        index.prune(4_500);

        assertThat(index.match(null, "10.0.1.10", null, 4_600)).isEqualTo(B);
        // Older versions are gone: before B's version, B is now the first owner
        assertThat(index.match(null, "10.0.1.10", null, 1_500)).isEqualTo(B);
        // A's keys of its own (its id) ended with its removal and are dropped entirely
        assertThat(index.match("i-aaa", null, null, 1_500)).isNull();
    }

    /** A database with a private IP, as an instance would have. */
    static ResourceRecord database(String ip, long at) {
        TreeMap<String, String> attributes = new TreeMap<>();
        attributes.put("privateIpAddress", ip);
        return ResourceRecord.of(
                "arn:aws:rds:eu-west-1:123456789012:db:orders",
                "rds:db",
                "orders",
                "123456789012",
                "eu-west-1",
                attributes,
                new TreeMap<>(),
                at);
    }

    @Test
    void otherResourceTypesAreIgnored() {
        index.observe(database("10.0.1.10", 1_000));

        assertThat(index.match(null, "10.0.1.10", null, 2_000)).isNull();
    }
}
