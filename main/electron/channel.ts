/** The single IPC channel; the method name travels as the first argument. */
export const IPC_CHANNEL = 'outreach:call';
