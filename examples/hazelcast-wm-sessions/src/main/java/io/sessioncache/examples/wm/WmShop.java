package io.sessioncache.examples.wm;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.YamlClientConfigBuilder;
import com.hazelcast.web.WebFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A servlet app on embedded Tomcat whose sessions hazelcast-wm's {@link WebFilter} keeps in a SessionCluster. The
 * filter loads client configs only as XML, so the app starts the client itself from the published
 * hazelcast-client.yaml and hands it to the filter by instance name.
 */
public final class WmShop {

    static final String CLIENT_NAME = "wm-sessions";

    private WmShop() {
    }

    public static void main(String[] args) throws IOException, LifecycleException {
        Path clientConfig = Path.of(env("SESSIONCACHE_CLIENT_CONFIG", "/etc/sessioncache/hazelcast-client.yaml"));
        ClientConfig config = new YamlClientConfigBuilder(clientConfig.toFile()).build();
        config.setInstanceName(CLIENT_NAME);
        HazelcastClient.newHazelcastClient(config);

        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("wm-shop");
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(Integer.parseInt(env("PORT", "8080")));
        tomcat.getConnector().setProperty("address", env("ADDRESS", "0.0.0.0"));
        Context context = tomcat.addContext("", base.toString());
        context.addFilterDef(sessionFilter(env("SESSIONCACHE_MAP_NAME", "sessions")));
        FilterMap everything = new FilterMap();
        everything.setFilterName("hazelcast-sessions");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        Tomcat.addServlet(context, "counter", new CounterServlet());
        context.addServletMappingDecoded("/*", "counter");
        tomcat.start();
        tomcat.getServer().await();
    }

    private static FilterDef sessionFilter(String mapName) {
        Properties properties = new Properties();
        properties.setProperty("use-client", "true");
        properties.setProperty("instance-name", CLIENT_NAME);
        properties.setProperty("map-name", mapName);
        // Without stickiness every request must read the cluster's copy, not a replica's local one.
        properties.setProperty("sticky-session", "false");
        properties.setProperty("shutdown-on-destroy", "true");
        FilterDef filter = new FilterDef();
        filter.setFilterName("hazelcast-sessions");
        filter.setFilter(new WebFilter(properties));
        return filter;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
