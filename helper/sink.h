/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where frames go: a packet socket (the wire) or a pcap file (--pcap).
 * The pcap header builders are pure.
 */
#ifndef NA_SINK_H
#define NA_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frame.h"

/* Frames na_sink_queue holds for one sendmmsg(2): a 10,000-address round
 * is then 10,000 / 64 system calls instead of one a frame. */
#define NA_SINK_BATCH 64

struct na_sink {
	int fd;     /* AF_PACKET socket, or -1 */
	FILE *pcap; /* pcap file, or NULL */
	/* Its writer, set by na_sink_open_pcap: a program that never opens
	 * one carries none of the pcap code. */
	int (*write_pcap)(struct na_sink *s, const uint8_t *frame, size_t len);
	uint64_t sent; /* frames handed to the kernel or written */
	/* The queue, in order; empty after every na_sink_flush. */
	size_t queued;
	struct {
		int ifindex;
		size_t len;
		uint8_t frame[NA_ND_FRAME_MAX];
	} q[NA_SINK_BATCH];
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
/* Queues a frame for na_sink_flush. False when the queue is full (flush
 * first) or the frame longer than a queue slot (send it alone). */
bool na_sink_queue(struct na_sink *s, int ifindex, const uint8_t *frame, size_t len);
/*
 * Sends the queued frames in order, as many as the kernel takes in one
 * sendmmsg(2), and empties the queue. res[i] is what na_sink_send would
 * have returned for the i-th: 0, or -errno for a frame the kernel refused
 * (sendmmsg loses the error of a partial send, so that frame is offered
 * once more on its own call, which says why; it goes out at most once).
 * Returns how many frames there were.
 */
size_t na_sink_flush(struct na_sink *s, int res[NA_SINK_BATCH]);
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
