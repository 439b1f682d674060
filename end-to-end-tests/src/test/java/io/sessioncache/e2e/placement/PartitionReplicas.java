package io.sessioncache.e2e.placement;

import com.hazelcast.cluster.Address;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.IPartition;
import com.hazelcast.internal.services.NodeAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Runs inside a member (submitted through its executor service) and returns that member's partition table: for each
 * partition, the host of each replica, primary first, null where the table has none. Only members know the backups: a
 * client sees partition owners only.
 *
 * <p>Its class reaches the members the way a user adds jars ({@link MemberClassesJar}), so it depends on nothing but
 * Hazelcast. The member's {@code ManagedContext} hands it the {@link Node} before {@link #call()}.
 */
public final class PartitionReplicas implements Callable<String[][]>, NodeAware, Serializable {

    private static final long serialVersionUID = 1L;

    private final int replicas;
    private transient Node node;

    /** @param replicas how many replicas of each partition to read: the backup count plus one */
    public PartitionReplicas(int replicas) {
        this.replicas = replicas;
    }

    @Override
    public void setNode(Node node) {
        this.node = node;
    }

    @Override
    public String[][] call() {
        IPartition[] partitions = node.getPartitionService().getPartitions();
        String[][] table = new String[partitions.length][replicas];
        for (IPartition partition : partitions) {
            for (int replica = 0; replica < replicas; replica++) {
                Address address = partition.getReplicaAddress(replica);
                table[partition.getPartitionId()][replica] = address == null ? null : address.getHost();
            }
        }
        return table;
    }
}
