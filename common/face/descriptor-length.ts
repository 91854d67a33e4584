/** Numbers in one face descriptor (the recognition net's output): the channels check it, the index stores rows of it. */
export const DESCRIPTOR_LENGTH = 128
