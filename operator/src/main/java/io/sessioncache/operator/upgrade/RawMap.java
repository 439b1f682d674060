package io.sessioncache.operator.upgrade;

import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MapDeleteCodec;
import com.hazelcast.client.impl.protocol.codec.MapFetchEntriesCodec;
import com.hazelcast.client.impl.protocol.codec.MapFetchKeysCodec;
import com.hazelcast.client.impl.protocol.codec.MapGetEntryViewCodec;
import com.hazelcast.client.impl.protocol.codec.MapPutAllWithMetadataCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.iteration.IterationPointer;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.SimpleEntryView;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.sessioncache.member.PartitionChecksums;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One map of one cluster, read and written as serialised bytes through the client protocol: keys and values stay
 * {@link Data}, so the operator never needs the classes of what an application stores (a Spring Session
 * {@code MapSession}, any attribute type). Entry views carry each entry's TTL, max-idle and times, and are written back
 * with them, so a copied session keeps its expiry (the target restarts its idle clock as the copy lands).
 */
final class RawMap {

    /** Hazelcast's iteration pointer that asks for a partition's first page. */
    private static final List<IterationPointer> FIRST_PAGE = List.of(new IterationPointer(Integer.MAX_VALUE, -1));
    /** Any id: entry views and deletes ask for one only to honour a key lock held by the same thread. */
    private static final long THREAD_ID = 0;

    private final HazelcastClientInstanceImpl client;
    private final String name;

    RawMap(HazelcastInstance client, String name) {
        this.client = ((HazelcastClientProxy) client).client;
        this.name = name;
    }

    int partitionCount() {
        return client.getClientPartitionService().getPartitionCount();
    }

    int partitionOf(Data key) {
        return client.getClientPartitionService().getPartitionId(key);
    }

    /** One page of a partition's keys; the next page starts where {@link Page#next()} points. */
    Page<Data> keys(int partition, Cursor from, int pageSize) {
        ClientMessage request = MapFetchKeysCodec.encodeRequest(name, IterationPointer.encodePointers(from.pointers()), pageSize);
        MapFetchKeysCodec.ResponseParameters page = MapFetchKeysCodec.decodeResponse(invoke(request, partition).join());
        return new Page<>(page.keys, new Cursor(IterationPointer.decodePointers(page.iterationPointers)));
    }

    /** One page of a partition's keys and values, without metadata: the cheap way to read a whole map. */
    Page<Map.Entry<Data, Data>> entries(int partition, Cursor from, int pageSize) {
        ClientMessage request = MapFetchEntriesCodec.encodeRequest(name, IterationPointer.encodePointers(from.pointers()), pageSize);
        MapFetchEntriesCodec.ResponseParameters page = MapFetchEntriesCodec.decodeResponse(invoke(request, partition).join());
        return new Page<>(page.entries, new Cursor(IterationPointer.decodePointers(page.iterationPointers)));
    }

    /** The entry with its metadata, or empty when the key is gone (removed or expired since it was listed). */
    CompletableFuture<Optional<SimpleEntryView<Data, Data>>> entry(Data key) {
        ClientMessage request = MapGetEntryViewCodec.encodeRequest(name, key, THREAD_ID);
        return invoke(request, partitionOf(key)).thenApply(response -> {
            MapGetEntryViewCodec.ResponseParameters view = MapGetEntryViewCodec.decodeResponse(response);
            if (view.response == null) {
                return Optional.empty();
            }
            view.response.setMaxIdle(view.maxIdle);
            return Optional.of(view.response);
        });
    }

    /** Writes entries of one partition as they are, metadata included (Hazelcast's pass-through merge). */
    CompletableFuture<Void> putAll(int partition, Collection<SimpleEntryView<Data, Data>> entries) {
        return invoke(MapPutAllWithMetadataCodec.encodeRequest(name, entries), partition).thenApply(response -> null);
    }

    CompletableFuture<Void> delete(Data key) {
        return invoke(MapDeleteCodec.encodeRequest(name, key, THREAD_ID), partitionOf(key)).thenApply(response -> null);
    }

    /**
     * One checksum per partition, computed by the members from the entries' bytes; empty when the members cannot (their
     * classpath lacks {@link PartitionChecksums}: session-extensions jars from before it).
     */
    Optional<long[]> checksums() {
        try {
            return Optional.of(client.getMap(name).aggregate(new PartitionChecksums(partitionCount())));
        } catch (HazelcastSerializationException e) {
            return Optional.empty();
        }
    }

    /** Removes every entry: the map holds nothing another copy left. */
    void clear() {
        client.getMap(name).clear();
    }

    private CompletableFuture<ClientMessage> invoke(ClientMessage request, int partition) {
        return new ClientInvocation(client, request, name, partition).invoke();
    }

    /** Items of one page, and where the next page starts. */
    record Page<T>(List<T> items, Cursor next) {
    }

    /** Hazelcast's iteration pointers: a partition is done when the last one's index is negative. */
    record Cursor(IterationPointer[] pointers) {

        static Cursor start() {
            return new Cursor(FIRST_PAGE.toArray(IterationPointer[]::new));
        }

        boolean done() {
            return pointers[pointers.length - 1].getIndex() < 0;
        }
    }
}
