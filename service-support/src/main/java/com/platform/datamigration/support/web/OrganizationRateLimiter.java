package com.platform.datamigration.support.web;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.problem.Problems;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * At most {@code perMinute} operations per organization in any sliding minute, so that what reaches out to other
 * hosts (connection tests, discoveries, run checks) cannot be used to scan networks, and one organization cannot
 * take a service's capacity from the others. Per instance: several instances multiply the budget, which still bounds
 * it.
 */
public class OrganizationRateLimiter {

    private final String what;
    private final int perMinute;
    private final Clock clock;
    private final Map<OrganizationId, Deque<Long>> recent = new ConcurrentHashMap<>();

    /**
     * @param what what is counted, in the plural, for the refusal's message ("connection tests")
     */
    public OrganizationRateLimiter(String what, int perMinute, Clock clock) {
        this.what = what;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one operation from the organization's budget; false when it is spent. */
    public boolean tryAcquire(OrganizationId org) {
        long now = clock.millis();
        Deque<Long> times = recent.computeIfAbsent(org, o -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - 60_000) {
                times.pollFirst();
            }
            if (times.size() >= perMinute) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /** Empty when the organization's budget allows one more; otherwise 429 {@code RATE_LIMITED}. */
    public Mono<Void> acquire(OrganizationId org) {
        return tryAcquire(org) ? Mono.empty() : Mono.error(refusal());
    }

    private ErrorResponseException refusal() {
        ErrorResponseException e = Problems.of(HttpStatus.TOO_MANY_REQUESTS,
                "Too many " + what + " for this organization; try again in a minute.", "RATE_LIMITED", List.of());
        e.getHeaders().set("Retry-After", "60");
        return e;
    }
}
