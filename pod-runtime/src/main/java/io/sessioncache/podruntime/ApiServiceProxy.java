package io.sessioncache.podruntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} Service's ClusterIP and port forwarded to the API server, as kube-proxy does: what a pod
 * reaches at {@code https://kubernetes.default.svc} (Hazelcast's Kubernetes discovery has no other default). TLS goes
 * through untouched; the API server's certificate names the Service's IP and DNS names.
 */
final class ApiServiceProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServiceProxy.class);

    private final ServerSocket server;
    private final int apiServerPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private ApiServiceProxy(ServerSocket server, int apiServerPort) {
        this.server = server;
        this.apiServerPort = apiServerPort;
    }

    static ApiServiceProxy start(String serviceIp, int servicePort, int apiServerPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(serviceIp), servicePort), 128);
        ApiServiceProxy proxy = new ApiServiceProxy(server, apiServerPort);
        daemon("api-service-proxy", proxy::acceptAll);
        return proxy;
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket pod = server.accept();
                Socket api = new Socket(InetAddress.getLoopbackAddress(), apiServerPort);
                open.add(pod);
                open.add(api);
                daemon("api-service-proxy-in", () -> pump(pod, api));
                daemon("api-service-proxy-out", () -> pump(api, pod));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("kubernetes Service proxy: {}", e.getMessage());
                }
            }
        }
    }

    /** Copies one direction; when it ends, both sockets close (HTTPS clients do not half-close). */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other direction closed the sockets, or a peer went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
    }
}
