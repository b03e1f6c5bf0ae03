/*
 * A client of the internal RPC written in C, on libprotobuf-c and OpenSSL only:
 * proof that the wire is plain protobuf in 4-byte big-endian length-prefixed frames
 * over mutual TLS 1.3 (docs/PROTOCOL.md).
 *
 *   health_client HOST PORT CA CERT KEY check      Health/Check must answer SERVING
 *   health_client HOST PORT CA CERT KEY oversize   an oversize frame closes that connection
 *                                                  (go-away RESOURCE_EXHAUSTED) while another
 *                                                  connection keeps being served
 * Exit status 0 when every expectation holds.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ceo/health/v1/health.pb-c.h"
#include "ceo/rpc/v1/frame.pb-c.h"

#define STATUS_RESOURCE_EXHAUSTED 8

static const char *host, *port, *ca_path, *cert_path, *key_path;

static void fail(const char *what) {
    fprintf(stderr, "c-interop: FAIL: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static SSL *connect_tls(SSL_CTX *ctx) {
    struct addrinfo hints = {0}, *res;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) fail("getaddrinfo");
    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) != 0) fail("connect");
    freeaddrinfo(res);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    /* Verify the server's certificate names the address we dialled. */
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host) != 1 && X509_VERIFY_PARAM_set1_host(param, host, 0) != 1)
        fail("set expected server name");
    if (SSL_connect(ssl) != 1) fail("TLS handshake");
    if (SSL_version(ssl) != TLS1_3_VERSION) fail("TLS 1.3 expected");
    return ssl;
}

static int write_all(SSL *ssl, const uint8_t *bytes, size_t len) {
    while (len > 0) {
        int n = SSL_write(ssl, bytes, (int)len);
        if (n <= 0) return -1;
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_all(SSL *ssl, uint8_t *bytes, size_t len) {
    while (len > 0) {
        int n = SSL_read(ssl, bytes, (int)len);
        if (n <= 0) return -1;
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

static void send_frame(SSL *ssl, const Ceo__Rpc__V1__Frame *frame) {
    size_t len = ceo__rpc__v1__frame__get_packed_size(frame);
    uint8_t *buf = malloc(len + 4);
    buf[0] = (uint8_t)(len >> 24); buf[1] = (uint8_t)(len >> 16); buf[2] = (uint8_t)(len >> 8); buf[3] = (uint8_t)len;
    ceo__rpc__v1__frame__pack(frame, buf + 4);
    if (write_all(ssl, buf, len + 4) != 0) fail("write frame");
    free(buf);
}

/* Reads one frame; NULL when the peer closed the connection. */
static Ceo__Rpc__V1__Frame *read_frame(SSL *ssl) {
    uint8_t header[4];
    if (read_all(ssl, header, 4) != 0) return NULL;
    uint32_t len = (uint32_t)header[0] << 24 | (uint32_t)header[1] << 16 | (uint32_t)header[2] << 8 | header[3];
    uint8_t *body = malloc(len ? len : 1);
    if (read_all(ssl, body, len) != 0) fail("read frame body");
    Ceo__Rpc__V1__Frame *frame = ceo__rpc__v1__frame__unpack(NULL, len, body);
    free(body);
    if (!frame) fail("unpack frame");
    return frame;
}

/* Calls /ceo.health.v1.Health/Check with call id `call_id`; returns the status. */
static Ceo__Health__V1__ServingStatus health_check(SSL *ssl, uint64_t call_id) {
    Ceo__Rpc__V1__RequestHeaders headers = CEO__RPC__V1__REQUEST_HEADERS__INIT;
    headers.method = "/ceo.health.v1.Health/Check";
    headers.timeout_ms = 5000;
    Ceo__Rpc__V1__Frame open = CEO__RPC__V1__FRAME__INIT;
    open.call_id = call_id;
    open.kind_case = CEO__RPC__V1__FRAME__KIND_HEADERS;
    open.headers = &headers;
    send_frame(ssl, &open);

    Ceo__Health__V1__HealthCheckRequest request = CEO__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    uint8_t request_bytes[64];
    size_t request_len = ceo__health__v1__health_check_request__pack(&request, request_bytes);
    Ceo__Rpc__V1__Message message = CEO__RPC__V1__MESSAGE__INIT;
    message.payload.data = request_bytes;
    message.payload.len = request_len;
    Ceo__Rpc__V1__Frame msg = CEO__RPC__V1__FRAME__INIT;
    msg.call_id = call_id;
    msg.kind_case = CEO__RPC__V1__FRAME__KIND_MESSAGE;
    msg.message = &message;
    send_frame(ssl, &msg);

    Ceo__Health__V1__ServingStatus status = CEO__HEALTH__V1__SERVING_STATUS__SERVING_STATUS_UNKNOWN;
    int answered = 0;
    for (;;) {
        Ceo__Rpc__V1__Frame *frame = read_frame(ssl);
        if (!frame) fail("connection closed before the call ended");
        if (frame->call_id == call_id && frame->kind_case == CEO__RPC__V1__FRAME__KIND_MESSAGE) {
            Ceo__Health__V1__HealthCheckResponse *response = ceo__health__v1__health_check_response__unpack(
                NULL, frame->message->payload.len, frame->message->payload.data);
            if (!response) fail("unpack HealthCheckResponse");
            status = response->status;
            printf("c-interop: %s %s answered status %d\n", response->service, response->version, status);
            ceo__health__v1__health_check_response__free_unpacked(response, NULL);
            answered = 1;
        } else if (frame->call_id == call_id && frame->kind_case == CEO__RPC__V1__FRAME__KIND_END) {
            int code = frame->end->status ? frame->end->status->code : 0;
            ceo__rpc__v1__frame__free_unpacked(frame, NULL);
            if (code != 0) fail("call ended with a non-OK status");
            if (!answered) fail("call ended without a response");
            return status;
        }
        ceo__rpc__v1__frame__free_unpacked(frame, NULL);
    }
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s HOST PORT CA CERT KEY check|oversize\n", argv[0]);
        return 2;
    }
    host = argv[1]; port = argv[2]; ca_path = argv[3]; cert_path = argv[4]; key_path = argv[5];
    const char *mode = argv[6];

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    if (SSL_CTX_load_verify_locations(ctx, ca_path, NULL) != 1) fail("load CA");
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_path) != 1) fail("load certificate");
    if (SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1) fail("load private key");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

    SSL *first = connect_tls(ctx);
    if (health_check(first, 1) != CEO__HEALTH__V1__SERVING_STATUS__SERVING_STATUS_SERVING) fail("not SERVING");
    printf("c-interop: PASS health check over mutual TLS\n");

    if (strcmp(mode, "oversize") == 0) {
        SSL *hostile = connect_tls(ctx);
        /* Declare a 2 GiB - 1 frame; the server must refuse it from the header alone. */
        uint8_t header[4] = {0x7F, 0xFF, 0xFF, 0xFF};
        if (write_all(hostile, header, 4) != 0) fail("write oversize header");
        Ceo__Rpc__V1__Frame *frame = read_frame(hostile);
        if (!frame || frame->kind_case != CEO__RPC__V1__FRAME__KIND_GO_AWAY) fail("expected a go-away frame");
        printf("c-interop: go-away code %d: %s\n", frame->go_away->code, frame->go_away->reason);
        if (frame->go_away->code != STATUS_RESOURCE_EXHAUSTED) fail("go-away code is not RESOURCE_EXHAUSTED");
        ceo__rpc__v1__frame__free_unpacked(frame, NULL);
        if (read_frame(hostile) != NULL) fail("connection stayed open after the oversize frame");
        printf("c-interop: PASS oversize frame closed that connection\n");

        /* The first connection is unharmed, and new ones are served. */
        if (health_check(first, 3) != CEO__HEALTH__V1__SERVING_STATUS__SERVING_STATUS_SERVING) fail("first connection harmed");
        SSL *another = connect_tls(ctx);
        if (health_check(another, 1) != CEO__HEALTH__V1__SERVING_STATUS__SERVING_STATUS_SERVING) fail("new connection refused");
        printf("c-interop: PASS other connections still served\n");
    }
    SSL_CTX_free(ctx);
    return 0;
}
