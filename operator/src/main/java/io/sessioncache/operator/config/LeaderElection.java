package io.sessioncache.operator.config;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One active operator per Lease when several replicas run (the Helm chart turns it on with replicaCount > 1); the
 * others wait, ready to take over.
 */
@Singleton
@Unremovable
public class LeaderElection implements ConfigurationServiceCustomizer {

    private final boolean enabled;
    private final String leaseName;
    private final Optional<String> leaseNamespace;

    public LeaderElection(@ConfigProperty(name = "sessioncache.leader-election.enabled", defaultValue = "false") boolean enabled,
                          @ConfigProperty(name = "sessioncache.leader-election.lease-name", defaultValue = "sessioncache-operator-lease")
                          String leaseName,
                          @ConfigProperty(name = "sessioncache.leader-election.namespace") Optional<String> leaseNamespace) {
        this.enabled = enabled;
        this.leaseName = leaseName;
        this.leaseNamespace = leaseNamespace.filter(namespace -> !namespace.isBlank());
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (enabled) {
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(leaseName, leaseNamespace.orElse(null)));
            }
        };
    }
}
