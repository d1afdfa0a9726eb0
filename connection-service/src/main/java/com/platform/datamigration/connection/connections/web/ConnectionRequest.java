package com.platform.datamigration.connection.connections.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.platform.datamigration.support.source.SslMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A connection as an admin enters it. Unknown fields are refused (there is no URL field and no free-form driver
 * property). {@code type} and {@code options} are checked further by {@link ConnectionRequests}.
 *
 * @param password write-only; on update, omit it to keep the stored one (only while the target is unchanged)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ConnectionRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 32) String type,
        @NotBlank @Size(max = 253) String host,
        @NotNull @Min(1) @Max(65535) Integer port,
        @NotBlank @Size(max = 255) String database,
        @NotBlank @Size(max = 128) String username,
        @Size(min = 1, max = 1024) String password,
        SslMode sslMode,
        @Size(max = 8) Map<String, Object> options) {

    /** The password never shows in logs or exceptions through this record's string form. */
    @Override
    public String toString() {
        return "ConnectionRequest[name=" + name + ", type=" + type + ", host=" + host + ", port=" + port + ", database="
                + database + ", username=" + username + ", password=" + (password == null ? "absent" : "***") + "]";
    }
}
