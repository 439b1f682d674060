package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a kubelet writes to one pod object, always guarded by the pod's uid as a kubelet guards it: a StatefulSet
 * re-creates a pod under the same name the moment the old one is deleted, and a write meant for the old one (a late
 * status, a second final delete) must not reach the new one.
 */
final class PodObject {

    private static final long DELETE_TIMEOUT_SECONDS = 30;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String uid;

    PodObject(KubernetesClient client, String namespace, String name, String uid) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.uid = uid;
    }

    /**
     * Merges {@code status} into the pod's status; the patch names the uid, which the API server refuses to change, so
     * it fails on another pod of this name.
     *
     * @return false when the pod of this uid is gone
     */
    boolean patchStatus(PodStatus status) {
        String json = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("uid", uid), "status", status));
        try {
            client.pods().inNamespace(namespace).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), json);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409 || isUidChange(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean isUidChange(KubernetesClientException e) {
        return e.getCode() == 422 && e.getMessage() != null && e.getMessage().contains("metadata.uid");
    }

    /** Deletes the pod now (grace 0) if it is still the pod of this uid; gone or replaced already is no error. */
    void deleteNow() {
        String body = client.getKubernetesSerialization().asJson(Map.of("apiVersion", "v1", "kind", "DeleteOptions",
                "gracePeriodSeconds", 0, "preconditions", Map.of("uid", uid)));
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace + "/pods/" + name;
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).delete("application/json", body).build();
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get(DELETE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted deleting pod " + namespace + "/" + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("cannot delete pod " + namespace + "/" + name + ": " + e.getMessage(), e);
        }
        // 404: gone already; 409: the uid precondition failed, another pod of this name is there now.
        if (!response.isSuccessful() && response.code() != 404 && response.code() != 409) {
            throw new KubernetesClientException("cannot delete pod " + namespace + "/" + name + ": HTTP " + response.code() + " "
                    + response.body());
        }
    }
}
