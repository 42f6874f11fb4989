/* Packs what follows to 1 byte, as the SDK's header of this name does. */
#pragma pack(push, 1)
