package io.sessioncache.podruntime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceHostsFileTest {

    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/instance", "shop");

    private final Service headless = service("shop-members", "None", true);
    private final Service clientService = service("shop", null, false);
    private final PodEndpoint ready = new PodEndpoint("ns", "shop-0", LABELS, "127.0.0.2", true, false, "shop-0", "shop-members");
    private final PodEndpoint starting = new PodEndpoint("ns", "shop-1", LABELS, "127.0.0.3", false, false, "shop-1", "shop-members");
    private final PodEndpoint otherApp = new PodEndpoint("ns", "web-0", Map.of("app", "web"), "127.0.0.4", true, false, null, null);

    @Test
    void aHeadlessServicePublishingNotReadyAddressesResolvesToEveryRunningMember() {
        String hosts = ServiceHostsFile.render(List.of(headless), List.of(ready, starting, otherApp), "machine", "127.0.0.1");

        assertThat(hosts).contains("127.0.0.2 shop-members.ns.svc\n", "127.0.0.3 shop-members.ns.svc\n",
                "127.0.0.2 shop-members.ns.svc.cluster.local\n");
        assertThat(hosts).doesNotContain("127.0.0.4 shop-members");
    }

    @Test
    void aClusterIpServiceResolvesToReadyMembersOnly() {
        String hosts = ServiceHostsFile.render(List.of(clientService), List.of(ready, starting), "machine", "127.0.0.1");

        assertThat(hosts).contains("127.0.0.2 shop.ns.svc\n").doesNotContain("127.0.0.3 shop.ns.svc");
    }

    @Test
    void statefulPodsResolveByHostnameAndTheMachineByItsName() {
        String hosts = ServiceHostsFile.render(List.of(), List.of(ready), "machine", "127.0.0.1");

        assertThat(hosts).contains("127.0.0.1 localhost machine\n",
                "127.0.0.2 shop-0.shop-members.ns.svc shop-0.shop-members.ns.svc.cluster.local\n");
    }

    @Test
    void theApiServerResolvesToWherePodsReachIt() {
        String hosts = ServiceHostsFile.render(List.of(), List.of(ready), "machine", "10.96.0.1");

        assertThat(hosts).contains("10.96.0.1 kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local\n")
                .doesNotContain("127.0.0.1 kubernetes");
    }

    @Test
    void writesTheFileWhole(@TempDir Path dir) throws Exception {
        ServiceHostsFile file = new ServiceHostsFile(dir.resolve("hosts"), "127.0.0.1");
        file.update(List.of(clientService), List.of(ready));

        assertThat(Files.readString(dir.resolve("hosts"))).contains("127.0.0.2 shop.ns.svc");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(dir.resolve("hosts"));
        }
    }

    private static Service service(String name, String clusterIp, boolean publishNotReady) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withNewSpec().withClusterIP(clusterIp).withPublishNotReadyAddresses(publishNotReady).withSelector(LABELS).endSpec()
                .build();
    }
}
