package io.sessioncache.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.sessioncache.operator.SessionClusters;
import io.sessioncache.operator.api.v1alpha1.SessionCluster;
import io.sessioncache.operator.model.ConfigMaps;
import io.sessioncache.operator.model.MemberStatefulSet;
import io.sessioncache.operator.model.RenderedConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunningMembersTest {

    private final SessionCluster cluster = SessionClusters.named("shop");
    private final RenderedConfig config = RenderedConfig.of(cluster);
    private final StatefulSet statefulSet = MemberStatefulSet.build(cluster, config.memberConfigHash());

    @Test
    void theMemberConfigIsTheOneTheStatefulSetsMembersWereGiven() {
        ConfigMap given = ConfigMaps.member(cluster, config.memberYaml());

        RunningMembers running = RunningMembers.of(cluster, Optional.of(statefulSet), List.of(given));

        assertThat(running.memberYaml()).contains(config.memberYaml());
        assertThat(running.version()).contains(cluster.getSpec().getVersion());
    }

    @Test
    void aMemberConfigEditedByHandIsNotTakenForWhatTheMembersRun() {
        ConfigMap edited = ConfigMaps.member(cluster, "hazelcast: {}\n");

        RunningMembers running = RunningMembers.of(cluster, Optional.of(statefulSet), List.of(edited));

        assertThat(running.memberYaml()).isEmpty();
        assertThat(SpecValidator.validate(cluster, config, running)).as("the hand edit does not make the spec invalid").isEmpty();
    }

    @Test
    void nothingRunsBeforeTheStatefulSetExists() {
        RunningMembers running = RunningMembers.of(cluster, Optional.empty(),
                List.of(ConfigMaps.member(cluster, config.memberYaml())));

        assertThat(running).isEqualTo(RunningMembers.NONE);
    }
}
