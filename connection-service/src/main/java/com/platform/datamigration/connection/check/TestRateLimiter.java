package com.platform.datamigration.connection.check;

import com.platform.datamigration.support.source.ConnectionPolicyProperties;
import com.platform.datamigration.support.web.OrganizationRateLimiter;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** At most {@code dm.connections.tests-per-minute} connection tests per organization in any sliding minute. */
@Component
public class TestRateLimiter extends OrganizationRateLimiter {

    @Autowired
    TestRateLimiter(ConnectionPolicyProperties props) {
        this(props.testsPerMinute(), Clock.systemUTC());
    }

    TestRateLimiter(int perMinute, Clock clock) {
        super("connection tests", perMinute, clock);
    }
}
