package io.sessioncache.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.cluster.impl.ConfigCheck;
import com.hazelcast.internal.cluster.impl.ConfigMismatchException;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.HighAvailabilitySpec.Mode;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.MemberConfigYaml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JoinCompatibilityTest {

    private final SessionCluster cluster = SessionClusters.named("shop-sessions");

    @ParameterizedTest(name = "from {0}")
    @EnumSource(Mode.class)
    void refusesEveryHighAvailabilityModeChangeNamingTheOldAndNewMode(Mode running) {
        for (Mode wanted : Mode.values()) {
            List<SpecProblem> problems = JoinCompatibility.check(render(running), render(wanted));

            if (wanted == running) {
                assertThat(problems).isEmpty();
            } else {
                assertThat(problems).singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("spec.highAvailability.mode");
                    assertThat(problem.reason()).isEqualTo("UnsupportedConfigChange");
                    assertThat(problem.message())
                            .contains("members run with spec.highAvailability.mode " + running)
                            .contains("a member with " + wanted + " would be refused")
                            .contains("Keep spec.highAvailability.mode at " + running)
                            .contains("create a new SessionCluster with " + wanted);
                });
            }
        }
    }

    @Test
    void admitsChangesTheJoinCheckDoesNotCompare() {
        String running = MemberConfigYaml.render(cluster);
        cluster.getSpec().getSessions().setBackupCount(2);
        cluster.getSpec().getSessions().setMaxIdleSeconds(60);
        cluster.getSpec().setGracefulShutdownSeconds(120);
        cluster.getSpec().setReplicas(5);

        assertThat(JoinCompatibility.check(running, MemberConfigYaml.render(cluster))).isEmpty();
    }

    @Test
    void refusesAPartitionCountChange() {
        String running = MemberConfigYaml.render(cluster);

        List<SpecProblem> problems = JoinCompatibility.check(running, withPartitionCount(running, 1021));

        assertThat(problems).extracting(SpecProblem::field)
                .containsExactly("hazelcast.yaml properties.hazelcast.partition.count");
    }

    @Test
    void agreesWithHazelcastsOwnJoinCheck() {
        List<String> configs = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            configs.add(render(mode));
        }
        configs.add(withPartitionCount(render(Mode.None), 1021));
        configs.add(MemberConfigYaml.render(SessionClusters.named("other-name")));

        for (String running : configs) {
            for (String wanted : configs) {
                assertThat(JoinCompatibility.check(running, wanted).isEmpty())
                        .as("running:%n%s%nwanted:%n%s", running, wanted)
                        .isEqualTo(hazelcastAdmits(running, wanted));
            }
        }
    }

    /** What a running member answers a joining one: Hazelcast's discovery joiners, Kubernetes included, are TCP/IP. */
    private static boolean hazelcastAdmits(String runningYaml, String joiningYaml) {
        ConfigCheck running = new ConfigCheck(HazelcastConfigCheck.parseMember(runningYaml), "tcp-ip");
        ConfigCheck joining = new ConfigCheck(HazelcastConfigCheck.parseMember(joiningYaml), "tcp-ip");
        try {
            return running.isCompatible(joining);
        } catch (ConfigMismatchException refused) {
            return false;
        }
    }

    private String render(Mode mode) {
        cluster.getSpec().getHighAvailability().setMode(mode);
        return MemberConfigYaml.render(cluster);
    }

    private static String withPartitionCount(String memberYaml, int count) {
        return memberYaml.replace("  properties:\n", "  properties:\n    hazelcast.partition.count: '" + count + "'\n");
    }
}
