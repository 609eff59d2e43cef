/*
 * Yardstick for bench/bench.sh: the performance issue's "minimal C program that mmaps the file and
 * counts SYNs per source". It reads only what that takes (record length, EtherType, IPv4 protocol,
 * header length, TCP flags, source address) and none of what an analysis needs, so its time is
 * about the cost of walking the file's records, not a competitor. Classic little-endian Ethernet
 * pcap only (the bench's generated file); anything else exits 2.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS (1u << 22) /* open addressing, far more slots than any bench file has sources */

static uint32_t sources[SLOTS];
static uint32_t syns[SLOTS];

static uint32_t u32(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: syn_count FILE.pcap\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 24) {
    fprintf(stderr, "syn_count: cannot read %s\n", argv[1]);
    return 2;
  }
  const uint8_t *file = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (file == MAP_FAILED || u32(file) != 0xa1b2c3d4u || u32(file + 20) != 1) {
    fprintf(stderr, "syn_count: not a little-endian microsecond Ethernet pcap\n");
    return 2;
  }
  size_t size = st.st_size, at = 24;
  long packets = 0, synCount = 0, distinct = 0;
  while (at + 16 <= size) {
    size_t captured = u32(file + at + 8);
    const uint8_t *frame = file + at + 16;
    at += 16 + captured;
    if (at > size) {
      break;
    }
    packets++;
    if (captured < 54 || frame[12] != 0x08 || frame[13] != 0x00) {
      continue;
    }
    const uint8_t *ip = frame + 14;
    size_t ipHeader = (size_t) (ip[0] & 15) * 4;
    if ((ip[0] >> 4) != 4 || ip[9] != 6 || 14 + ipHeader + 14 > captured) {
      continue;
    }
    if ((ip[ipHeader + 13] & 0x12) != 0x02) { /* SYN without ACK */
      continue;
    }
    synCount++;
    if (distinct == SLOTS / 2) { /* keep the table half free: count SYNs only from here on */
      continue;
    }
    uint32_t source = u32(ip + 12);
    uint32_t slot = (source * 2654435761u) >> 10;
    while (syns[slot] != 0 && sources[slot] != source) {
      slot = (slot + 1) & (SLOTS - 1);
    }
    distinct += syns[slot] == 0;
    sources[slot] = source;
    syns[slot]++;
  }
  printf("%ld packets, %ld SYNs from %ld sources\n", packets, synCount, distinct);
  return 0;
}
