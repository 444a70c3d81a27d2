/** The largest quantity one cart line may hold (shared by the forms and the cart module). */
export const MAX_CART_QUANTITY = 10_000;
