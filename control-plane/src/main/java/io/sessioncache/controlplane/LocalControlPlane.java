package io.sessioncache.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd, kube-apiserver, kube-controller-manager and (when built) kube-scheduler, on free loopback ports under one work
 * directory that keeps their logs, audit log and kubeconfigs. Real schema and CEL validation, server-side apply,
 * watches, the StatefulSet controller and garbage collection: nothing is mocked.
 */
public final class LocalControlPlane implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    /** The identity an operator under test runs as, so its requests can be told apart in the audit log. */
    public static final String OPERATOR_USER = "sessioncache-operator";
    private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** Only a config value for Service IPs; nothing ever connects to it. */
    private static final String SERVICE_CIDR = "10.96.0.0/16";

    private final KubeBinaries binaries;
    private final Path workDir;
    private final List<GuardedProcess> processes = new ArrayList<>();
    private final String adminToken = Pki.token();
    private final String operatorToken = Pki.token();
    private int apiServerPort;
    private Thread shutdownHook;

    private LocalControlPlane(KubeBinaries binaries, Path workDir) {
        this.binaries = binaries;
        this.workDir = workDir;
    }

    /** Starts everything and returns once the API server is ready and the default service account exists. */
    public static LocalControlPlane start(KubeBinaries binaries, Path workDir) {
        LocalControlPlane plane = new LocalControlPlane(binaries, workDir);
        try {
            plane.startAll();
            return plane;
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
    }

    public Path workDir() {
        return workDir;
    }

    public KubeBinaries binaries() {
        return binaries;
    }

    public String apiServerUrl() {
        return "https://127.0.0.1:" + apiServerPort;
    }

    public Path adminKubeconfig() {
        return workDir.resolve("admin.kubeconfig");
    }

    public Path operatorKubeconfig() {
        return workDir.resolve("operator.kubeconfig");
    }

    public Path caCertificate() {
        return workDir.resolve("pki").resolve("apiserver.crt");
    }

    public AuditLog auditLog() {
        return new AuditLog(workDir.resolve("audit.log"));
    }

    public KubernetesClient adminClient() {
        return clientFor(adminKubeconfig());
    }

    public static KubernetesClient clientFor(Path kubeconfig) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(workDir.resolve("pki"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shutdownHook = new Thread(this::stopProcesses, "control-plane-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Instant started = Instant.now();
        int etcdPort = startEtcd();
        startApiServer(etcdPort);
        writeKubeconfig(adminKubeconfig(), ADMIN_USER, adminToken, "default");
        writeKubeconfig(operatorKubeconfig(), OPERATOR_USER, operatorToken, "default");
        awaitHttps(apiServerUrl() + "/readyz", adminToken, "kube-apiserver");
        startControllerManager();
        if (binaries.hasScheduler()) {
            startScheduler();
        }
        awaitDefaultServiceAccount();
        LOG.info("control plane ready at {} in {} s (work dir {})", apiServerUrl(),
                Duration.between(started, Instant.now()).toSeconds(), workDir);
    }

    private int startEtcd() {
        int clientPort = freePort();
        int peerPort = freePort();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        launch("etcd", List.of(binaries.etcd().toString(),
                "--name=default",
                "--data-dir=" + workDir.resolve("etcd-data"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=default=" + peer,
                "--listen-metrics-urls=http://127.0.0.1:" + freePort(),
                // Test data is thrown away: skipping fsync makes writes an order of magnitude faster.
                "--unsafe-no-fsync=true",
                "--log-level=warn"));
        awaitHttp(client + "/health", "etcd");
        return clientPort;
    }

    private void startApiServer(int etcdPort) {
        Path pki = workDir.resolve("pki");
        Pki.writeServiceAccountKeys(pki.resolve("sa.key"), pki.resolve("sa.pub"));
        write(workDir.resolve("tokens.csv"), String.join("\n",
                adminToken + "," + ADMIN_USER + ",admin-uid,\"system:masters\"",
                operatorToken + "," + OPERATOR_USER + ",operator-uid,\"system:masters\"") + "\n");
        write(workDir.resolve("audit-policy.yaml"), """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived", "ResponseStarted"]
                rules:
                # What a test needs to tell a replicas change (and to what) and a Warning event from the log alone.
                - level: RequestResponse
                  users: ["%1$s"]
                  verbs: ["create", "update", "patch"]
                  resources:
                  - group: apps
                    resources: ["statefulsets", "statefulsets/scale"]
                - level: Request
                  users: ["%1$s"]
                  verbs: ["create", "update", "patch"]
                  resources:
                  - group: ""
                    resources: ["events"]
                  - group: events.k8s.io
                    resources: ["events"]
                - level: Metadata
                """.formatted(OPERATOR_USER));
        apiServerPort = freePort();
        launch("kube-apiserver", List.of(binaries.apiServer().toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + apiServerPort,
                "--cert-dir=" + pki,
                "--service-cluster-ip-range=" + SERVICE_CIDR,
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + pki.resolve("sa.pub"),
                "--service-account-signing-key-file=" + pki.resolve("sa.key"),
                "--token-auth-file=" + workDir.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                // Off by default; on here so an operator without the finalizers rule fails as it would in most clusters.
                "--enable-admission-plugins=OwnerReferencesPermissionEnforcement",
                "--audit-policy-file=" + workDir.resolve("audit-policy.yaml"),
                "--audit-log-path=" + workDir.resolve("audit.log"),
                "--audit-log-maxsize=0",
                "--endpoint-reconciler-type=none",
                "--v=0"));
    }

    private void startControllerManager() {
        Path kubeconfig = adminKubeconfig();
        launch("kube-controller-manager", List.of(binaries.controllerManager().toString(),
                "--kubeconfig=" + kubeconfig,
                "--service-account-private-key-file=" + workDir.resolve("pki").resolve("sa.key"),
                "--root-ca-file=" + caCertificate(),
                "--use-service-account-credentials=false",
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort(),
                "--v=0"));
    }

    private void startScheduler() {
        Path kubeconfig = adminKubeconfig();
        launch("kube-scheduler", List.of(binaries.scheduler().toString(),
                "--kubeconfig=" + kubeconfig,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort(),
                "--v=0"));
    }

    private void awaitDefaultServiceAccount() {
        try (KubernetesClient client = adminClient()) {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (client.serviceAccounts().inNamespace("default").withName("default").get() == null) {
                checkAlive();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("kube-controller-manager created no default ServiceAccount in "
                            + START_TIMEOUT + "; see " + workDir.resolve("kube-controller-manager.log"));
                }
                Pause.of(Duration.ofMillis(200));
            }
        }
    }

    private void launch(String name, List<String> command) {
        LOG.info("starting {}", name);
        processes.add(GuardedProcess.start(name, command, Map.of(), workDir, workDir.resolve(name + ".log")));
    }

    /** Writes a kubeconfig for this API server that authenticates with a bearer token (a user's or a service account's). */
    public void writeKubeconfig(Path file, String user, String token, String namespace) {
        write(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: local
                  context: {cluster: local, user: %s, namespace: %s}
                current-context: local
                """.formatted(apiServerUrl(), caCertificate(), user, token, user, namespace));
    }

    private void awaitHttp(String url, String component) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitOk(http, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), component);
    }

    private void awaitHttps(String url, String token, String component) {
        HttpClient https = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        awaitOk(https, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(5)).build(), component);
    }

    private void awaitOk(HttpClient http, HttpRequest request, String component) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            checkAlive();
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + component, e);
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException(component + " not ready after " + START_TIMEOUT + "; see " + workDir.resolve(component + ".log"));
    }

    private void checkAlive() {
        for (GuardedProcess process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited; see " + process.log());
            }
        }
    }

    /** Trusts the API server's self-signed certificate while waiting for it; clients use the real CA afterwards. */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void stopProcesses() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stopProcesses();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or has run
            }
        }
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768+): no outgoing connection can take it between the
     * moment it is picked and the moment its server binds it.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port in 20000-32000 after 500 attempts");
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
