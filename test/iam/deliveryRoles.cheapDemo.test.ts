import { specifyDeliveryRoles } from "./deliveryRoles";

specifyDeliveryRoles("cheapDemo");
