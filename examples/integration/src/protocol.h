/* protocol.h - what the client and the server of pingpong.blc say to
 * each other: lines of text, a ping and its pong. */
#ifndef PROTOCOL_H
#define PROTOCOL_H

#define PROTO_ROUNDS 3          /* pings the client sends */
#define PROTO_LINE_MAX 64       /* longest line, with its newline and NUL */
#define PROTO_PING "ping"
#define PROTO_PONG "pong"

#endif
