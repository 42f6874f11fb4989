/* Restores the pack saved by the last pshpack header. */
#pragma pack(pop)
