package com.platform.datamigration.gateway;

import com.platform.datamigration.support.problem.FieldError;
import com.platform.datamigration.support.problem.Problems;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses a routed request body larger than {@code dm.gateway.max-request-body} with 413 Problem Details before the
 * service sees it: without forwarding anything when its length is declared, and by cutting the forwarded body short
 * as soon as the limit is passed when it is streamed (chunked). The services accept more than this, so a service never cuts off a body the gateway is still
 * forwarding (which would leave the caller with a broken connection instead of an answer).
 */
@Component
class RequestSizeLimit implements GlobalFilter, Ordered {

    private final long limit;
    private final long drainLimit;

    RequestSizeLimit(GatewayProperties props) {
        this.limit = props.maxRequestBody().toBytes();
        // A refused body is still read (and dropped) up to this size, so that the caller, still sending, gets the 413
        // instead of a connection closed under it. Beyond it the connection is simply closed.
        this.drainLimit = Math.max(limit, 16L * 1024 * 1024);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > limit) {
            AtomicLong read = new AtomicLong();
            return exchange.getRequest().getBody().<Void>handle((buffer, sink) -> {
                long total = read.addAndGet(buffer.readableByteCount());
                DataBufferUtils.release(buffer);
                if (total > drainLimit) {
                    sink.error(tooLarge());
                }
            }).then(Mono.error(this::tooLarge));
        }
        AtomicLong seen = new AtomicLong();
        ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                    long total = seen.addAndGet(buffer.readableByteCount());
                    if (total <= limit) {
                        sink.next(buffer);
                        return;
                    }
                    DataBufferUtils.release(buffer);
                    if (total > drainLimit) {
                        sink.error(tooLarge());
                    }
                }).concatWith(Flux.defer(() -> seen.get() > limit ? Flux.error(tooLarge()) : Flux.empty()));
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private ErrorResponseException tooLarge() {
        String detail = "must be at most " + limit + " bytes";
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large: it " + detail + ".", "REQUEST_TOO_LARGE",
                List.of(new FieldError("body", detail)));
    }
}
