/*
 * replay.c - runs a libFuzzer target (compiler/fuzz*.c) on files, without
 * libFuzzer: `replay FILE...` calls LLVMFuzzerTestOneInput once per file.
 * Built with the project's compiler (and sanitizers under SANITIZE=1), so
 * the inputs `make fuzz` kept are checked by every `make check`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        uint8_t *data = NULL;
        size_t size = 0, cap = 0, got;
        do {
            if (size == cap) {
                cap = cap ? cap * 2 : 4096;
                data = realloc(data, cap);
                if (!data)
                    return 2;
            }
            got = fread(data + size, 1, cap - size, f);
            size += got;
        } while (got > 0);
        fclose(f);
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
