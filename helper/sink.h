/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where frames go: a packet socket (the wire) or a pcap file (--pcap).
 * The pcap header builders are pure.
 */
#ifndef NA_SINK_H
#define NA_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct na_sink {
	int fd;        /* AF_PACKET socket, or -1 */
	FILE *pcap;    /* pcap file, or NULL */
	uint64_t sent; /* frames handed to the kernel or written */
};

/*
 * Opens a SOCK_RAW packet socket with protocol 0: it can send on any interface
 * by index and receives nothing, so no network data ever reaches us through it.
 * Needs CAP_NET_RAW. 0 or -errno.
 */
int na_sink_open_socket(struct na_sink *s);
/* Creates (truncates) FILE and writes the pcap file header; "-" is standard
 * output, refused (-ENOTTY) when that is a terminal. 0 or -errno. */
int na_sink_open_pcap(struct na_sink *s, const char *path);
/* Sends one complete Ethernet frame out of ifindex. 0 or -errno. */
int na_sink_send(struct na_sink *s, int ifindex, const uint8_t *frame, size_t len);
/* Closes; for pcap, reports a failed flush as -errno. */
int na_sink_close(struct na_sink *s);

#define NA_PCAP_FILE_HDR     24
#define NA_PCAP_REC_HDR      16
#define NA_LINKTYPE_ETHERNET 1
/* pcap file header (classic format, microsecond timestamps, host byte order
 * as the format allows: readers look at the magic). */
void na_pcap_file_header(uint8_t out[NA_PCAP_FILE_HDR]);
void na_pcap_record_header(uint8_t out[NA_PCAP_REC_HDR], uint64_t sec, uint32_t usec, uint32_t len);

#endif
