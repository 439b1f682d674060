package io.sessioncache.operator.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sessioncache.operator.LoopbackMemberConfig;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.TestPorts;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.MemberConfigYaml;
import io.sessioncache.operator.validation.JoinCompatibility;
import io.sessioncache.operator.validation.SpecProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a member-by-member roll of a spec change would do, on real members started from the rendered hazelcast.yaml:
 * the first restarted member, with the new config, tries to join the members that still run the old one. Hazelcast's
 * join check decides, and {@link JoinCompatibility} must predict its answer. (The version half of the same rule is
 * {@link MixedMinorVersionMembersTest}.)
 */
class JoinIncompatibleChangeMembersTest {

    private final SessionCluster cluster = SessionClusters.named("join-" + UUID.randomUUID().toString().substring(0, 8));
    private final List<HazelcastInstance> instances = new ArrayList<>();
    private final List<Integer> ports = List.of(TestPorts.free(), TestPorts.free());

    /** Hazelcast logs through java.util.logging; its warnings say why a member was refused. */
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler warningCollector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void collectHazelcastWarnings() {
        Logger.getLogger("com.hazelcast").addHandler(warningCollector);
    }

    @AfterEach
    void shutdown() {
        instances.forEach(HazelcastInstance::shutdown);
        Logger.getLogger("com.hazelcast").removeHandler(warningCollector);
    }

    @Test
    void aMemberWithAnotherHighAvailabilityModeCannotJoinAndTheCheckPredictsIt() {
        String running = MemberConfigYaml.render(cluster);
        HazelcastInstance first = start(running, 0);
        cluster.getSpec().getHighAvailability().setMode(HighAvailabilitySpec.Mode.Node);
        String changed = MemberConfigYaml.render(cluster);

        CompletableFuture<HazelcastInstance> second = CompletableFuture.supplyAsync(() -> start(changed, 1));

        assertThat(JoinCompatibility.check(running, changed)).extracting(SpecProblem::field)
                .containsExactly("spec.highAvailability.mode");
        await().atMost(Duration.ofSeconds(90)).until(second::isDone);
        assertThat(second).isCompletedExceptionally();
        assertThat(warnings).anySatisfy(message -> assertThat(message)
                .contains("Node could not join cluster. A Configuration mismatch was detected: Incompatible partition groups"));
        assertThat(first.getCluster().getMembers()).hasSize(1);
    }

    @Test
    void aMemberWithAChangeTheCheckAdmitsJoins() {
        String running = MemberConfigYaml.render(cluster);
        HazelcastInstance first = start(running, 0);
        cluster.getSpec().getSessions().setMaxIdleSeconds(60);
        cluster.getSpec().getSessions().setBackupCount(2);
        cluster.getSpec().setGracefulShutdownSeconds(120);
        String changed = MemberConfigYaml.render(cluster);

        start(changed, 1);

        assertThat(JoinCompatibility.check(running, changed)).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == 2);
    }

    private HazelcastInstance start(String memberYaml, int index) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(LoopbackMemberConfig.of(memberYaml,
                cluster.getMetadata().getName() + "-" + index, ports.get(index), ports));
        instances.add(member);
        return member;
    }
}
