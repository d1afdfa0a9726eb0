package com.platform.datamigration.connection.check;

import com.platform.datamigration.contracts.OrganizationId;
import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * At most {@code testsPerMinute} connection tests per organization in any sliding minute, so the tester cannot be
 * used to scan networks. Per instance: several instances multiply the budget, which still bounds it.
 */
@Component
public class TestRateLimiter {

    private final int perMinute;
    private final Clock clock;
    private final Map<OrganizationId, Deque<Long>> recent = new ConcurrentHashMap<>();

    @Autowired
    TestRateLimiter(ConnectionPolicyProperties props) {
        this(props.testsPerMinute(), Clock.systemUTC());
    }

    TestRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one test from the organization's budget; false when it is spent. */
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
}
