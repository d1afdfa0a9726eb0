package com.platform.datamigration.support.web;

import com.platform.datamigration.support.security.Organizations;
import com.platform.datamigration.support.security.SecurityProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves a service's {@link OrganizationSummary}. */
public final class OrganizationSummaryRoute {

    private OrganizationSummaryRoute() {
    }

    /**
     * A {@code GET path} route answering the caller's {@link OrganizationSummary}.
     *
     * @param countSql a constant query with one {@code :org} parameter, never built from input
     */
    public static RouterFunction<ServerResponse> of(String path, String countSql, DatabaseClient db, SecurityProperties security) {
        return RouterFunctions.route().GET(path, request -> request.principal()
                .cast(Authentication.class)
                .map(auth -> Organizations.of(auth, security.organizationClaim()))
                .flatMap(org -> db.sql(countSql).bind("org", org.value()).map(r -> r.get(0, Long.class)).one())
                .flatMap(total -> ServerResponse.ok().bodyValue(new OrganizationSummary(total))))
                .build();
    }
}
