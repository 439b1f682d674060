package io.sessioncache.podruntime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a pod's volumes into its directory (configMap, secret, emptyDir) and, unless the pod opts out, the
 * service-account token the API server issues for it; returns where each of the container's mount paths now lives.
 */
public final class VolumeMaterializer {

    public static final String SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final long TOKEN_SECONDS = 3600;
    private static final String DEFAULT_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

    private final KubernetesClient client;
    private final Path caCertificate;

    public VolumeMaterializer(KubernetesClient client, Path caCertificate) {
        this.client = client;
        this.caCertificate = caCertificate;
    }

    /** @throws VolumeException when a volume's source is missing or of a kind this runtime cannot provide */
    public MountTable materialize(Pod pod, Container container, Path podDir) throws VolumeException {
        Map<String, Path> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            Path dir = podDir.resolve("volumes").resolve(volume.getName());
            mkdirs(dir);
            if (volume.getConfigMap() != null) {
                writeConfigMap(pod, volume, dir);
            } else if (volume.getSecret() != null) {
                writeSecret(pod, volume, dir);
            } else if (volume.getProjected() != null) {
                writeProjected(pod, volume, dir);
            } else if (volume.getEmptyDir() == null) {
                throw new VolumeException("volume " + volume.getName()
                        + ": only configMap, secret, projected and emptyDir volumes are supported");
            }
            volumes.put(volume.getName(), dir);
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts() == null ? List.<VolumeMount>of() : container.getVolumeMounts()) {
            Path dir = volumes.get(mount.getName());
            if (dir == null) {
                throw new VolumeException("volume mount " + mount.getName() + " names no volume of the pod");
            }
            mounts.put(mount.getMountPath(), mount.getSubPath() == null || mount.getSubPath().isEmpty() ? dir : dir.resolve(mount.getSubPath()));
        }
        if (!Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken()) && !mounts.containsKey(SERVICE_ACCOUNT_MOUNT)) {
            mounts.put(SERVICE_ACCOUNT_MOUNT, writeServiceAccount(pod, podDir.resolve("serviceaccount")));
        }
        return new MountTable(mounts);
    }

    private void writeConfigMap(Pod pod, Volume volume, Path dir) throws VolumeException {
        String name = volume.getConfigMap().getName();
        ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (map == null) {
            if (Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                return;
            }
            throw new VolumeException("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (map.getData() != null) {
            map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.getBinaryData() != null) {
            map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        writeItems(data, volume.getConfigMap().getItems(), dir);
    }

    private void writeSecret(Pod pod, Volume volume, Path dir) throws VolumeException {
        String name = volume.getSecret().getSecretName();
        Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (secret == null) {
            if (Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                return;
            }
            throw new VolumeException("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        writeItems(data, volume.getSecret().getItems(), dir);
    }

    /** What the ServiceAccount admission plugin injects (token, kube-root-ca.crt, namespace), and the like. */
    private void writeProjected(Pod pod, Volume volume, Path dir) throws VolumeException {
        for (VolumeProjection source : volume.getProjected().getSources()) {
            if (source.getServiceAccountToken() != null) {
                long seconds = source.getServiceAccountToken().getExpirationSeconds() == null ? TOKEN_SECONDS
                        : source.getServiceAccountToken().getExpirationSeconds();
                String audience = source.getServiceAccountToken().getAudience();
                write(dir.resolve(source.getServiceAccountToken().getPath()),
                        token(pod, audience == null || audience.isEmpty() ? DEFAULT_AUDIENCE : audience, seconds));
            } else if (source.getConfigMap() != null) {
                ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(source.getConfigMap().getName()).get();
                if (map == null && !Boolean.TRUE.equals(source.getConfigMap().getOptional())) {
                    throw new VolumeException("configmap \"" + source.getConfigMap().getName() + "\" not found");
                }
                if (map != null && map.getData() != null) {
                    Map<String, byte[]> data = new LinkedHashMap<>();
                    map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
                    writeItems(data, source.getConfigMap().getItems(), dir);
                }
            } else if (source.getSecret() != null) {
                Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(source.getSecret().getName()).get();
                if (secret != null && secret.getData() != null) {
                    Map<String, byte[]> data = new LinkedHashMap<>();
                    secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
                    writeItems(data, source.getSecret().getItems(), dir);
                }
            } else if (source.getDownwardAPI() != null) {
                for (DownwardAPIVolumeFile file : source.getDownwardAPI().getItems()) {
                    String field = file.getFieldRef() == null ? "" : file.getFieldRef().getFieldPath();
                    String value = switch (field) {
                        case "metadata.namespace" -> pod.getMetadata().getNamespace();
                        case "metadata.name" -> pod.getMetadata().getName();
                        case "metadata.uid" -> pod.getMetadata().getUid();
                        default -> "";
                    };
                    write(dir.resolve(file.getPath()), value.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private byte[] token(Pod pod, String audience, long seconds) {
        String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
        TokenRequest request = new TokenRequestBuilder().withNewSpec()
                .withAudiences(audience)
                .withExpirationSeconds(seconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        TokenRequest issued = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                .tokenRequest(request);
        return issued.getStatus().getToken().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeItems(Map<String, byte[]> data, List<KeyToPath> items, Path dir) {
        if (items == null || items.isEmpty()) {
            data.forEach((key, bytes) -> write(dir.resolve(key), bytes));
        } else {
            for (KeyToPath item : items) {
                if (data.containsKey(item.getKey())) {
                    write(dir.resolve(item.getPath()), data.get(item.getKey()));
                }
            }
        }
    }

    private Path writeServiceAccount(Pod pod, Path dir) {
        mkdirs(dir);
        write(dir.resolve("token"), token(pod, DEFAULT_AUDIENCE, TOKEN_SECONDS));
        write(dir.resolve("namespace"), pod.getMetadata().getNamespace().getBytes(StandardCharsets.UTF_8));
        try {
            write(dir.resolve("ca.crt"), Files.readAllBytes(caCertificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A volume the pod cannot get: the container waits with reason CreateContainerConfigError. */
    public static final class VolumeException extends Exception {
        public VolumeException(String message) {
            super(message);
        }
    }
}
