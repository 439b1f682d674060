package io.sessioncache.installation;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.concurrent.Callable;

/**
 * Runs on a member, from a jar that only the container's CLASSPATH names, and reports what the member JVM sees: its
 * configuration, a system property and a JVM option from JAVA_OPTS, where this class came from, its user and pid.
 */
public class MemberProbe implements Callable<HashMap<String, String>>, Serializable, HazelcastInstanceAware {

    static final String MARKER_PROPERTY = "sessioncache.image.marker";

    private transient HazelcastInstance member;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public HashMap<String, String> call() {
        HashMap<String, String> seen = new HashMap<>();
        seen.put("clusterName", member.getConfig().getClusterName());
        seen.put("configFile", String.valueOf(member.getConfig().getConfigurationFile()));
        seen.put("marker", String.valueOf(System.getProperty(MARKER_PROPERTY)));
        seen.put("maxRamPercentage", ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxRAMPercentage").getValue());
        seen.put("codeSource", String.valueOf(MemberProbe.class.getProtectionDomain().getCodeSource().getLocation()));
        seen.put("userName", System.getProperty("user.name"));
        seen.put("pid", String.valueOf(ProcessHandle.current().pid()));
        return seen;
    }
}
