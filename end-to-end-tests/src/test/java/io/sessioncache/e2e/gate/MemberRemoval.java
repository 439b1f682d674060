package io.sessioncache.e2e.gate;

import java.time.Instant;

/**
 * One write by the operator that takes a member out of service, as the audit log recorded it.
 *
 * @param at             when the API server received the write
 * @param write          what was written, e.g. "delete pods rolled-2" or "replicas 5 -> 4"
 * @param member         the member pod the write removes (for a replicas decrease: the highest ordinal)
 * @param replicasBefore the StatefulSet's replicas when the write was made: the cluster size the others must report
 * @param membersRemoved how many members the one write removes (more than 1 is a violation of its own)
 * @param version        the resourceVersion the write produced, when the audit log recorded it (a replicas write), else 0
 */
public record MemberRemoval(Instant at, Kind kind, String write, String member, int replicasBefore, int membersRemoved,
                            long version) {

    public enum Kind { POD_DELETE, REPLICAS_DECREASE }
}
