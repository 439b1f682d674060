package io.sessioncache.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sessioncache.controlplane.ControlPlaneExtension;
import io.sessioncache.controlplane.TestNamespace;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every manifest the chart renders, with default and non-default values, and the kubectl bundle, server-side applied
 * to a real API server: accepted, and a second apply changes nothing. The operator's pod template is admitted in a
 * namespace that enforces the "restricted" Pod Security Standard.
 */
@ExtendWith(ControlPlaneExtension.class)
class ManifestsApplyIT {

    /** The Prometheus Operator's CRD is not part of this project; a stand-in lets the ServiceMonitor be applied. */
    private static final String SERVICE_MONITOR_CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: servicemonitors.monitoring.coreos.com}
            spec:
              group: monitoring.coreos.com
              names: {kind: ServiceMonitor, plural: servicemonitors, singular: servicemonitor, listKind: ServiceMonitorList}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;

    private final KubernetesClient admin;
    private final String ns;

    ManifestsApplyIT(KubernetesClient admin, TestNamespace namespace) {
        this.admin = admin;
        this.ns = namespace.name();
    }

    @Test
    void chartWithDefaultValuesIsAcceptedAndReapplyingChangesNothing() {
        Kube.installCrd(admin);
        List<GenericKubernetesResource> rendered = Chart.render("defaults", ns, "");

        assertAcceptedAndIdempotent(rendered);
    }

    @Test
    void chartWithNonDefaultValuesIsAcceptedAndReapplyingChangesNothing() {
        Kube.installCrd(admin);
        Kube.apply(admin, Chart.parse(SERVICE_MONITOR_CRD));
        Kube.createNamespace(admin, ns + "-shop");
        Kube.createNamespace(admin, ns + "-pay");
        List<GenericKubernetesResource> rendered = Chart.render("custom", ns, """
                replicaCount: 2
                watchNamespaces: [%s-shop, %s-pay]
                image: {repository: registry.local/sessioncache-operator, tag: "9.9.9", pullPolicy: Always}
                serviceAccount: {name: custom-operator, annotations: {team: platform}}
                rbac: {createMemberNodeReader: false}
                metrics: {service: {port: 9090, annotations: {prometheus.io/scrape: "true"}},
                          serviceMonitor: {enabled: true, labels: {release: prometheus}}}
                resources: {requests: {cpu: 200m, memory: 300Mi}, limits: {cpu: "1", memory: 600Mi}}
                extraEnv: [{name: EXTRA, value: "1"}]
                tolerations: [{key: dedicated, operator: Equal, value: operators, effect: NoSchedule}]
                nodeSelector: {kubernetes.io/os: linux}
                podAnnotations: {example.com/a: b}
                """.formatted(ns, ns));

        assertThat(rendered).extracting(HasMetadata::getKind).contains("ServiceMonitor", "Role", "RoleBinding");
        assertAcceptedAndIdempotent(rendered);
        try {
            admin.namespaces().withName(ns + "-shop").delete();
            admin.namespaces().withName(ns + "-pay").delete();
        } catch (KubernetesClientException ignored) {
            // best effort: the control plane goes away at the end of the run
        }
    }

    @Test
    void kubectlBundleIsAcceptedAndReapplyingChangesNothing() {
        List<GenericKubernetesResource> bundle = Chart.parse(Repository.read(Repository.bundle()));

        assertThat(bundle).extracting(HasMetadata::getKind)
                .contains("Namespace", "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                        "Role", "RoleBinding", "Deployment", "Service");
        assertAcceptedAndIdempotent(bundle);
    }

    @Test
    void everySampleIsAcceptedByTheCrdSchema() throws Exception {
        Kube.installCrd(admin);
        List<java.nio.file.Path> samples;
        try (var files = java.nio.file.Files.list(Repository.sample("production").getParent())) {
            samples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(samples).extracting(f -> f.getFileName().toString()).contains("production.yaml");

        for (java.nio.file.Path sample : samples) {
            for (GenericKubernetesResource cluster : Chart.parse(Repository.read(sample))) {
                cluster.getMetadata().setNamespace(ns);
                GenericKubernetesResource accepted = admin.genericKubernetesResources(SessionClusters.CONTEXT)
                        .inNamespace(ns).resource(cluster).dryRun().fieldManager("kubectl").serverSideApply();
                assertThat(accepted.getMetadata().getName()).as(sample.toString()).isEqualTo(cluster.getMetadata().getName());
            }
        }
    }

    @Test
    void operatorPodIsAdmittedUnderTheRestrictedPodSecurityStandard() {
        String restricted = ns + "-restricted";
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(restricted).addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build())
                .serverSideApply();
        GenericKubernetesResource deployment = Chart.find(Chart.render("pss", restricted, ""), "Deployment",
                "pss-sessioncache-operator").orElseThrow();
        PodSpec spec = Serialization.unmarshal(Serialization.asJson(Manifests.podSpec(deployment)), PodSpec.class);
        spec.setServiceAccountName("default");

        Pod admitted = admin.pods().inNamespace(restricted).resource(pod("operator", spec)).dryRun().create();
        assertThat(admitted.getMetadata().getName()).isEqualTo("operator");

        // The check is live: the same pod without its security context is refused.
        spec.getContainers().get(0).setSecurityContext(null);
        assertThatThrownBy(() -> admin.pods().inNamespace(restricted).resource(pod("insecure", spec)).dryRun().create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("violates PodSecurity \"restricted");
        admin.namespaces().withName(restricted).delete();
    }

    private static Pod pod(String name, PodSpec spec) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec).build();
    }

    /**
     * Applies everything, then each object again, comparing its resourceVersion just before and after the second apply
     * (controllers may update a Deployment's status in between; that is not a change made by the apply).
     */
    private void assertAcceptedAndIdempotent(List<GenericKubernetesResource> objects) {
        Map<String, String> first = versions(Kube.apply(admin, objects));
        assertThat(first).hasSize(objects.size());

        for (GenericKubernetesResource object : objects) {
            GenericKubernetesResource before = admin.resource(object).get();
            GenericKubernetesResource after = Kube.apply(admin, List.of(object)).get(0);
            assertThat(after.getMetadata().getResourceVersion())
                    .as("%s %s applied again", object.getKind(), object.getMetadata().getName())
                    .isEqualTo(before.getMetadata().getResourceVersion());
            assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
        }
    }

    private static Map<String, String> versions(List<GenericKubernetesResource> applied) {
        return applied.stream().collect(Collectors.toMap(
                o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                o -> o.getMetadata().getResourceVersion(), (a, b) -> a, java.util.TreeMap::new));
    }
}
